/**
 * The I/O shell of a SWIM member (@mycel/mesh createSwimMember) over UDP: binds a datagram
 * socket, ticks the member on a timer, carries its messages as datagrams and reports membership
 * changes. All protocol decisions stay in the pure member.
 *
 * Datagram = Ed25519 signature (64 bytes) ‖ UTF-8 JSON of one SWIM message. The member's id is
 * the did:key of its signing key, so a datagram is accepted only when its signature verifies
 * against the key its `sender` names: nobody can speak as another member. (Gossip *about* other
 * members inside a message is still only as good as its sender; see docs/spec/mmp-membership.md.)
 * Datagrams are attacker-controlled until the signature and parseSwimMessage have accepted them.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import {
  concatBytes,
  ed25519SignerFromSeed,
  parseDidKey,
  type Signer,
  verifyEd25519,
} from '@mycel/kernel';
import {
  createSwimMember,
  type MeshErrorCode,
  SWIM_MESSAGE_BYTES_MAX,
  type SwimConfig,
  type SwimEffect,
  type SwimMember,
  type SwimStats,
} from '@mycel/mesh';
import { SWIM_UDP_SIGNATURE_BYTES, SWIM_UDP_TICK_MS } from '../limits.js';

/** A membership change, with the wall-clock time it was decided at. */
export interface MemberStateChange {
  readonly atMs: number;
  readonly id: string;
  readonly state: 'alive' | 'suspect' | 'dead' | 'left';
  readonly incarnation: number;
}

export interface SwimUdpOptions {
  /**
   * The member's Ed25519 key: a signer (a node passes its own, so its member id is its node did)
   * or a 32-byte seed. The member's id is the did:key of this key.
   */
  readonly key: Signer | Uint8Array;
  readonly lifeguard: boolean;
  /** Loopback by default. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Protocol timings; defaults are memberlist's LAN profile. */
  readonly timings?: Omit<SwimConfig, 'id' | 'address' | 'lifeguard' | 'random'>;
  readonly random?: () => number;
  readonly tickMs?: number;
  readonly onStateChange?: (change: MemberStateChange) => void;
}

export interface SwimUdpMember {
  readonly id: string;
  /** `host:port` */
  readonly address: string;
  readonly member: SwimMember;
  join(id: string, address: string): void;
  /** Announces departure, then closes the socket after `lingerMs` so the goodbye gets out. */
  leave(lingerMs?: number): Promise<void>;
  close(): Promise<void>;
  /** The member's counters plus datagrams the shell refused, by code. */
  stats(): SwimStats & {
    readonly datagramsRejected: Readonly<Partial<Record<MeshErrorCode, number>>>;
    readonly socketErrors: number;
  };
}

export async function startSwimUdpMember(options: SwimUdpOptions): Promise<SwimUdpMember> {
  const signer =
    options.key instanceof Uint8Array ? ed25519SignerFromSeed(options.key) : options.key;
  if (signer.alg !== 'Ed25519') throw new Error('assertion failed: SWIM members sign with Ed25519');
  const host = options.host ?? '127.0.0.1';
  const socket = createSocket('udp4');
  await new Promise<void>((bound, failed) => {
    socket.once('error', failed);
    socket.bind(options.port ?? 0, host, () => {
      socket.off('error', failed);
      bound();
    });
  });
  const address = `${host}:${socket.address().port}`;
  const member = createSwimMember({
    ...options.timings,
    id: signer.key.did,
    address,
    lifeguard: options.lifeguard,
    random: options.random ?? Math.random,
  });
  const rejected: Partial<Record<MeshErrorCode, number>> = {};
  const reject = (code: MeshErrorCode) => {
    rejected[code] = (rejected[code] ?? 0) + 1;
  };
  const carryOut = (effects: SwimEffect[]) => {
    for (const effect of effects) {
      if (effect.type === 'member-state') {
        options.onStateChange?.({
          atMs: Date.now(),
          id: effect.id,
          state: effect.state,
          incarnation: effect.incarnation,
        });
        continue;
      }
      const body = new TextEncoder().encode(JSON.stringify(effect.message));
      const datagram = concatBytes(signer.sign(body), body);
      if (datagram.length > SWIM_MESSAGE_BYTES_MAX) {
        reject('swim_message_too_large'); // the member's bounds should make this impossible
        continue;
      }
      const target = parseAddress(effect.address);
      if (target !== undefined) socket.send(datagram, target.port, target.host);
    }
  };
  const step = (event: Parameters<SwimMember['step']>[0]) =>
    carryOut(member.step(event, performance.now()));

  socket.on('message', (datagram: Buffer, remote: RemoteInfo) => {
    const accepted = acceptDatagram(datagram);
    if (!accepted.ok) return reject(accepted.code);
    step({
      type: 'message',
      from: accepted.sender,
      message: accepted.message,
      address: `${remote.address}:${remote.port}`,
    });
  });
  let socketErrors = 0;
  socket.on('error', () => {
    socketErrors += 1; // e.g. a send to a member whose port is gone; SWIM treats it as silence
  });
  const timer = setInterval(() => step({ type: 'tick' }), options.tickMs ?? SWIM_UDP_TICK_MS);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    await new Promise<void>((done) => socket.close(() => done()));
  };
  return {
    id: signer.key.did,
    address,
    member,
    join: (id, joinAddress) => step({ type: 'join', id, address: joinAddress }),
    async leave(lingerMs = 200) {
      step({ type: 'leave' });
      await new Promise((done) => setTimeout(done, lingerMs));
      await close();
    },
    close,
    stats: () => ({ ...member.stats(), datagramsRejected: { ...rejected }, socketErrors }),
  };
}

type Accepted = { ok: true; sender: string; message: unknown } | { ok: false; code: MeshErrorCode };

/** Checks size, signature and sender key of one received datagram (attacker-controlled). */
export function acceptDatagram(datagram: Uint8Array): Accepted {
  if (datagram.length > SWIM_MESSAGE_BYTES_MAX)
    return { ok: false, code: 'swim_message_too_large' };
  if (datagram.length <= SWIM_UDP_SIGNATURE_BYTES)
    return { ok: false, code: 'swim_message_malformed' };
  const signature = datagram.subarray(0, SWIM_UDP_SIGNATURE_BYTES);
  const body = datagram.subarray(SWIM_UDP_SIGNATURE_BYTES);
  let message: unknown;
  try {
    message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { ok: false, code: 'swim_message_malformed' };
  }
  const sender = (message as { sender?: unknown } | null)?.sender;
  if (typeof sender !== 'string') return { ok: false, code: 'swim_message_malformed' };
  const key = parseDidKey(sender);
  if (!key.ok || key.value.type !== 'Ed25519') return { ok: false, code: 'swim_signature_invalid' };
  if (!verifyEd25519(key.value.publicKey, body, signature))
    return { ok: false, code: 'swim_signature_invalid' };
  return { ok: true, sender, message };
}

function parseAddress(address: string): { host: string; port: number } | undefined {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  return { host: address.slice(0, colon), port };
}
