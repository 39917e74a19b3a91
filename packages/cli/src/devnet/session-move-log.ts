/**
 * The moves of one demo session (the SDK resuming it on another node after its node was lost),
 * with what the summary says of each: from which node to which, how long the client was without
 * a node, and whether its turns went on afterwards, numbered on without a turn lost or repeated.
 */
import type { SessionMove } from '@mycel/sdk';
import type { KilledNode } from './node-kill.js';

export interface MoveReport {
  /** The city of the node the session left, and its did. */
  readonly from: string;
  readonly fromDid: string;
  /** The city of the node it moved to, and its did. */
  readonly to: string;
  readonly toDid: string;
  /** Why the client left its node: node_unavailable when the node's socket closed. */
  readonly code: string;
  /**
   * The gap: from the devnet's SIGKILL of `from` (KilledNode.atMs) to the session attached on
   * `to` (SessionMove.resumedAtMs), i.e. the whole time the client was without a node, its
   * noticing the loss included. Measured from the kill rather than from lostAtMs because the kill
   * is when the user's service stopped. It includes the emulated network's delays (the socket's
   * close crossing to the client, the resume request to the coordinator, connecting and attaching
   * to the new node). Undefined when the devnet did not kill `from`.
   */
  readonly gapMs: number | undefined;
  /** From the client seeing its node gone (lostAtMs) to attached on `to` (resumedAtMs). */
  readonly resumeMs: number;
  /** Turns answered before the move, and the sequence number of the last of them (0: none). */
  readonly turnsBefore: number;
  readonly lastSeqBefore: number;
  /** Turns answered after the move (the one it interrupted included), and their first and last. */
  readonly turnsAfter: number;
  readonly firstSeqAfter: number | undefined;
  readonly lastSeqAfter: number | undefined;
  /** Turns were answered after the move, numbered on from lastSeqBefore with none lost or repeated. */
  readonly continued: boolean;
}

interface LoggedMove {
  readonly move: SessionMove;
  readonly turnsBefore: number;
  readonly lastSeqBefore: number;
  turnsAfter: number;
  firstSeqAfter: number | undefined;
  lastSeqAfter: number | undefined;
  inOrder: boolean;
}

export class SessionMoveLog {
  private readonly moves: LoggedMove[] = [];
  private turns = 0;
  private lastSeq = 0;

  get size(): number {
    return this.moves.length;
  }

  /** The session moved (the SDK's onMove): the turns answered so far were before it. */
  moved(move: SessionMove): void {
    this.moves.push({
      move,
      turnsBefore: this.turns,
      lastSeqBefore: this.lastSeq,
      turnsAfter: 0,
      firstSeqAfter: undefined,
      lastSeqAfter: undefined,
      inOrder: true,
    });
  }

  /** Turn `seq` was answered (its `done` arrived). */
  answered(seq: number): void {
    this.turns += 1;
    this.lastSeq = seq;
    for (const logged of this.moves) {
      logged.inOrder &&= seq === (logged.lastSeqAfter ?? logged.lastSeqBefore) + 1;
      logged.turnsAfter += 1;
      logged.firstSeqAfter ??= seq;
      logged.lastSeqAfter = seq;
    }
  }

  reports(cityOf: (did: string) => string, killed: KilledNode | undefined): MoveReport[] {
    return this.moves.map(({ move, inOrder, ...turns }) => ({
      from: cityOf(move.fromNode),
      fromDid: move.fromNode,
      to: cityOf(move.toNode),
      toDid: move.toNode,
      code: move.code,
      gapMs: killed?.did === move.fromNode ? move.resumedAtMs - killed.atMs : undefined,
      resumeMs: move.resumedAtMs - move.lostAtMs,
      ...turns,
      continued: inOrder && turns.turnsAfter > 0,
    }));
  }
}
