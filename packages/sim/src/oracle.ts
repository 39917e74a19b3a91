/**
 * What the simulator knows that no single actor does, kept for the invariant checks: every
 * client application's view of its session (the ledger: what it sent, which chunks it received,
 * which turns were acknowledged and by which epoch), which node holds a live turn machine for
 * which (session, epoch), and every checkpoint the durable store ever accepted. Actors report
 * here; grid code never reads it.
 */
import type { SessionCheckpoint } from '@mycel/wire';

export interface TurnRecord {
  readonly seq: number;
  /** The input asked the agent to fail. */
  readonly fail: boolean;
  /** Chunks the client application received for this turn, in order. */
  readonly chunks: string[];
  /** How the turn was acknowledged, once it was. */
  outcome: 'done' | 'failed' | undefined;
}

/** One session as its client application saw it. */
export class SessionLedger {
  readonly turns: TurnRecord[] = [];
  lastAckedSeq = 0;
  /** The epoch of the node that sent each acknowledgement, in the order they arrived. */
  readonly ackEpochs: number[] = [];
  /** The session ended for the client: 'closed', or the code it failed with. */
  ended: string | undefined;
  /** The client's machine saw the node break the protocol (a turn_sequence_invalid, say). */
  protocolViolation: string | undefined;

  constructor(
    readonly sid: string,
    readonly client: string,
  ) {}

  sent(seq: number, fail: boolean): void {
    if (seq !== this.turns.length + 1) {
      throw new Error(
        `assertion failed: the client numbered turn ${seq} after ${this.turns.length}`,
      );
    }
    this.turns.push({ seq, fail, chunks: [], outcome: undefined });
  }

  turn(seq: number): TurnRecord | undefined {
    return this.turns[seq - 1];
  }
}

/** Which nodes hold a live (not dropped) turn machine for each session, at which epoch. */
export class ServingIndex {
  private readonly bySid = new Map<string, { node: string; epoch: number }[]>();

  add(sid: string, epoch: number, node: string): void {
    const servers = this.bySid.get(sid) ?? [];
    this.bySid.set(sid, servers);
    servers.push({ node, epoch });
  }

  remove(sid: string, epoch: number, node: string): void {
    const servers = this.bySid.get(sid);
    if (servers === undefined) return;
    const at = servers.findIndex((server) => server.node === node && server.epoch === epoch);
    if (at >= 0) servers.splice(at, 1);
    if (servers.length === 0) this.bySid.delete(sid);
  }

  servers(sid: string): readonly { readonly node: string; readonly epoch: number }[] {
    return this.bySid.get(sid) ?? [];
  }

  sids(): IterableIterator<string> {
    return this.bySid.keys();
  }
}

export class Oracle {
  readonly ledgers = new Map<string, SessionLedger>();
  readonly serving = new ServingIndex();
  /** Every checkpoint that became a session's latest in the durable store, by digest. */
  readonly checkpoints = new Map<string, SessionCheckpoint>();
  /** Why a node reported a session `failed` (the frame itself carries no reason), by sid. */
  readonly failedReports = new Map<string, string>();
  /** Sessions the current step touched: their invariants are checked after it. */
  readonly touched = new Set<string>();

  touch(sid: string): void {
    this.touched.add(sid);
  }
}
