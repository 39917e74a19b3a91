/**
 * A demo client of the devnet: an SDK session opened from an emulated city, a few turns with the
 * time to the first streamed chunk of each, and the session's moves when its node is killed. The
 * matrix is read here only to REPORT the network RTT of the placement and the best node an oracle
 * would have picked; placement never sees it.
 */
import { emulationFromMatrix, type LatencyMatrix } from '@mycel/mesh';
import { openSession, type Session, type SessionMove } from '@mycel/sdk';
import { DEVNET_FIRST_CHUNKS_KEPT } from '../limits.js';
import { DEVNET_TURN_INPUTS, type DevnetClient } from './devnet-plan.js';
import type { KilledNode, ServedClient } from './node-kill.js';
import { type MoveReport, SessionMoveLog } from './session-move-log.js';

export interface ClientReport {
  readonly client: string;
  readonly agent: string;
  readonly sid: string;
  /** The city of the node serving the session now: after a move, the node it moved to. */
  readonly node: string;
  readonly nodeDid: string;
  /** The RTT placement went by for that node (the client's probe, else network coordinates). */
  readonly predictedRttMs: number | undefined;
  /** The emulated network's RTT between the client and its node (the matrix value). */
  readonly rttMs: number | undefined;
  /**
   * The node with the lowest RTT to this client among the nodes still running, and that RTT: a
   * killed node is nobody's nearest, so a moved session is judged against where it could go.
   */
  readonly bestNode: string;
  readonly bestRttMs: number | undefined;
  readonly nearest: boolean;
  readonly turns: number;
  /**
   * First-chunk times of the turns the current node served from start to end (the latest
   * DEVNET_FIRST_CHUNKS_KEPT): a turn that spanned a move waited out the gap, and the turns before
   * it crossed the network to another node.
   */
  readonly firstChunkMs: readonly number[];
  readonly moves: readonly MoveReport[];
  readonly errors: readonly string[];
}

/** What a report is judged against: the devnet's nodes as they are when it is made. */
export interface DevnetView {
  /** The city a node plays, by did. */
  cityOf(did: string): string;
  /** The cities of the nodes still running. */
  readonly liveCities: readonly string[];
  readonly killed: KilledNode | undefined;
}

export interface RunningClient extends ServedClient {
  /** Runs the next scripted turn (they cycle); `onFirstChunk` hears its first chunk arrive. */
  turn(onFirstChunk?: () => void): Promise<void>;
  report(view: DevnetView): ClientReport;
  close(): Promise<void>;
}

/** A client whose session could not be opened still gets a row, with the error's code. */
export function failedClient(client: DevnetClient, error: unknown): RunningClient {
  const code = (error as { code?: unknown }).code;
  const report: ClientReport = {
    client: client.city,
    agent: client.agent,
    sid: '',
    node: '-',
    nodeDid: '',
    predictedRttMs: undefined,
    rttMs: undefined,
    bestNode: '-',
    bestRttMs: undefined,
    nearest: false,
    turns: 0,
    firstChunkMs: [],
    moves: [],
    errors: [typeof code === 'string' ? `${code}: ${(error as Error).message}` : String(error)],
  };
  return {
    city: client.city,
    nodeDid: () => undefined,
    turn: async () => {},
    report: () => report,
    close: async () => {},
  };
}

function matrixRtt(matrix: LatencyMatrix, from: string, to: string): number | undefined {
  const a = matrix.indexOf(from);
  const b = matrix.indexOf(to);
  return a === undefined || b === undefined ? undefined : matrix.rttMs(a, b);
}

function bestNodeFor(matrix: LatencyMatrix, city: string, nodeCities: readonly string[]) {
  let best = { node: nodeCities[0] ?? '-', rttMs: undefined as number | undefined };
  for (const node of nodeCities) {
    const rttMs = matrixRtt(matrix, city, node);
    if (rttMs !== undefined && (best.rttMs === undefined || rttMs < best.rttMs))
      best = { node, rttMs };
  }
  return best;
}

export async function startDevnetClient(
  client: DevnetClient,
  coordinatorUrl: string,
  matrix: LatencyMatrix,
  /** Hears each move of the session, once it is attached to the new node. */
  onMove: (client: DevnetClient, move: SessionMove) => void,
): Promise<RunningClient> {
  const moveLog = new SessionMoveLog();
  const firstChunkMs: number[] = [];
  const errors: string[] = [];
  let turns = 0;
  const session: Session = await openSession({
    coordinator: coordinatorUrl,
    agent: client.agent,
    latencyClass: client.agent === 'voice' ? 'voice' : 'interactive',
    label: client.city,
    emulation: emulationFromMatrix(matrix, client.city),
    onMove: (move) => {
      moveLog.moved(move);
      // They crossed the network to the node left behind: the column is about the new one.
      firstChunkMs.length = 0;
      onMove(client, move);
    },
  });
  const inputs = DEVNET_TURN_INPUTS[client.agent];
  return {
    city: client.city,
    nodeDid: () => session.node.did,
    async turn(onFirstChunk) {
      const input = inputs[turns % inputs.length]!;
      const movesBefore = moveLog.size;
      const started = performance.now();
      let first: number | undefined;
      try {
        const stream = session.send(input);
        for await (const _chunk of stream) {
          if (first === undefined) {
            first = performance.now() - started;
            onFirstChunk?.();
          }
        }
        turns += 1;
        moveLog.answered(stream.seq);
        if (first !== undefined && moveLog.size === movesBefore) {
          firstChunkMs.push(Math.round(first));
          if (firstChunkMs.length > DEVNET_FIRST_CHUNKS_KEPT) firstChunkMs.shift();
        }
      } catch (error) {
        errors.push(String((error as { code?: string }).code ?? error));
      }
    },
    report(view) {
      const node = session.node;
      const best = bestNodeFor(matrix, client.city, view.liveCities);
      return {
        client: client.city,
        agent: client.agent,
        sid: session.sid,
        node: node.label,
        nodeDid: node.did,
        predictedRttMs:
          session.predictedRttMs === undefined ? undefined : Math.round(session.predictedRttMs),
        rttMs: matrixRtt(matrix, client.city, node.label),
        bestNode: best.node,
        bestRttMs: best.rttMs,
        nearest: node.label === best.node,
        turns,
        firstChunkMs: [...firstChunkMs],
        moves: moveLog.reports(view.cityOf, view.killed),
        errors: [...errors],
      };
    },
    close: () => session.close(),
  };
}
