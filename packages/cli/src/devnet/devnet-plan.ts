/**
 * Who plays where in the devnet. Cities are rows of the WonderNetwork matrix
 * (packages/mesh/data/wondernetwork-2018): the coordinator in Amsterdam, nodes on six continents,
 * and demo clients in other cities, each with a node clearly nearest to it — the summary shows
 * whether placement found it. The coordinator never sees this table's geography: it places by
 * network coordinates the nodes and clients measure through the emulated network.
 */
export interface DevnetClient {
  readonly city: string;
  readonly agent: 'tutor' | 'voice';
}

export const DEVNET_COORDINATOR_CITY = 'Amsterdam';

export const DEVNET_NODE_CITIES: readonly string[] = [
  'New York',
  'Los Angeles',
  'Frankfurt',
  'Johannesburg',
  'Singapore',
  'Tokyo',
  'Sydney',
];

/**
 * The community node: a NodeCo of DEVNET_NODECO_OWNERS families (devnet-nodeco.ts). Singapore is
 * the node nearest the Bangalore client, the devnet's nearest stand-in for a neighbourhood node.
 */
export const DEVNET_NODECO_CITY = 'Singapore';

export const DEVNET_CLIENTS: readonly DevnetClient[] = [
  { city: 'Boston', agent: 'tutor' },
  { city: 'Paris', agent: 'voice' },
  { city: 'Osaka', agent: 'tutor' },
  { city: 'Melbourne', agent: 'voice' },
  { city: 'Cape Town', agent: 'tutor' },
  { city: 'Seattle', agent: 'voice' },
  { city: 'Bangalore', agent: 'tutor' },
  { city: 'Warsaw', agent: 'voice' },
];

/** What each client says, turn by turn. */
export const DEVNET_TURN_INPUTS: Readonly<Record<DevnetClient['agent'], readonly string[]>> = {
  tutor: ['start', 'b', 'a', 'c', 'b', 'd'],
  voice: [
    'Hello from the devnet',
    'How far away is the node that answers me',
    'Tell me about the nearest city',
  ],
};
