/**
 * Test nodes for the coordinator: real keys, real signed registrations and heartbeat frames, so
 * the pure core and the shell are fed exactly what a node sends.
 */
import { ed25519SignerFromSeed, type Signer } from '@mycel/kernel';
import {
  type ClassCapacity,
  type HeartbeatFrame,
  type NodeRegistration,
  type NodeRegistrationFields,
  signRegistration,
} from '@mycel/wire';

const signers = new Map<number, Signer>();

/** The n-th test key (deterministic; cached, since key import is the slow part). */
export function testSigner(n: number): Signer {
  let signer = signers.get(n);
  if (signer === undefined) {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, n + 1);
    seed[31] = 0xc0;
    signer = ed25519SignerFromSeed(seed);
    signers.set(n, signer);
  }
  return signer;
}

export const TEST_NONCE = 'N'.repeat(43);
export const TEST_GRID = 'testgrid';

export const CAPACITY: ClassCapacity = { robot: 1, voice: 2, interactive: 4, batch: 8 };

export function registrationFields(
  n: number,
  overrides: Partial<NodeRegistrationFields> = {},
): NodeRegistrationFields {
  return {
    grid: TEST_GRID,
    nonce: TEST_NONCE,
    endpoint: `http://127.0.0.1:${20000 + n}`,
    label: `node-${n}`,
    attestation: 'software',
    agents: ['tutor', 'voice', 'burn', 'chat'],
    capacity: CAPACITY,
    ...overrides,
  };
}

export function testRegistration(
  n: number,
  overrides: Partial<NodeRegistrationFields> = {},
): NodeRegistration {
  return signRegistration(registrationFields(n, overrides), testSigner(n));
}

export function heartbeatFrame(overrides: Partial<HeartbeatFrame> = {}): HeartbeatFrame {
  return {
    t: 'heartbeat',
    seq: 1,
    free: CAPACITY,
    load: 0,
    sessions: 0,
    warm: [],
    price: { minorPerMinute: 0, currency: 'EUR' },
    ...overrides,
  };
}

/** A client key (the did tickets are bound to). */
export const CLIENT = testSigner(9999);
