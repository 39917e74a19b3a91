/**
 * Colony membership for a node daemon: when startNode is given `membership`, the node runs a SWIM
 * member over UDP (swim-udp-member.ts) next to its HTTP control plane, with its own node key as
 * member id, joins the seeds it was given, logs every membership change, and leaves the colony
 * when it closes. Without the option nothing changes.
 */
import type { Signer } from '@mycel/kernel';
import type { SwimConfig } from '@mycel/mesh';
import type { Logger } from 'pino';
import type { RunningNode } from '../node/start-node.js';
import {
  type MemberStateChange,
  type SwimUdpMember,
  startSwimUdpMember,
} from './swim-udp-member.js';

export interface NodeMembershipOptions {
  /** UDP port of the member (default 0: any free port); the host is the node's. */
  readonly port?: number;
  /** Members to join through: their ids (node did:keys) and `host:port` addresses. */
  readonly seeds?: readonly { readonly id: string; readonly address: string }[];
  /** Lifeguard's refinements (default true). */
  readonly lifeguard?: boolean;
  readonly timings?: Omit<SwimConfig, 'id' | 'address' | 'lifeguard' | 'random'>;
  /** Called with every membership change this node decides (after it is logged). */
  readonly onStateChange?: (change: MemberStateChange) => void;
}

/** A running node with its colony membership. */
export type MemberNode = RunningNode & { readonly membership: SwimUdpMember };

export async function withMembership(
  node: RunningNode,
  options: NodeMembershipOptions,
  context: { readonly signer: Signer; readonly logger: Logger; readonly host?: string },
): Promise<MemberNode> {
  let membership: SwimUdpMember;
  try {
    membership = await startSwimUdpMember({
      key: context.signer,
      lifeguard: options.lifeguard ?? true,
      ...(context.host === undefined ? {} : { host: context.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.timings === undefined ? {} : { timings: options.timings }),
      onStateChange: (change) => {
        context.logger.info(
          { member: change.id, state: change.state, incarnation: change.incarnation },
          'membership',
        );
        options.onStateChange?.(change);
      },
    });
  } catch (error) {
    await node.close(); // e.g. the UDP port is taken: the node does not run half-configured
    throw error;
  }
  for (const seed of options.seeds ?? []) membership.join(seed.id, seed.address);
  context.logger.info({ address: membership.address }, 'membership started');
  let closing: Promise<void> | undefined;
  return {
    ...node,
    membership,
    close: () => {
      closing ??= membership.leave().then(() => node.close());
      return closing;
    },
  };
}
