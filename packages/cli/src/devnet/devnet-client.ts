/**
 * A demo client of the devnet: an SDK session opened from an emulated city, a few turns with the
 * time to the first streamed chunk of each. The matrix is read here only to REPORT the network
 * RTT of the placement and the best node an oracle would have picked; placement never sees it.
 */
import { emulationFromMatrix, type LatencyMatrix } from '@mycel/mesh';
import { openSession, type Session } from '@mycel/sdk';
import { DEVNET_TURN_INPUTS, type DevnetClient } from './devnet-plan.js';

export interface ClientReport {
  readonly client: string;
  readonly agent: string;
  readonly sid: string;
  readonly node: string;
  readonly predictedRttMs: number | undefined;
  /** The emulated network's RTT between the client and its node (the matrix value). */
  readonly rttMs: number | undefined;
  /** The node with the lowest RTT to this client, and that RTT. */
  readonly bestNode: string;
  readonly bestRttMs: number | undefined;
  readonly nearest: boolean;
  turns: number;
  readonly firstChunkMs: number[];
  readonly errors: string[];
}

/** A client whose session could not be opened still gets a row, with the error's code. */
export function failedClient(client: DevnetClient, error: unknown): RunningClient {
  const code = (error as { code?: unknown }).code;
  const report: ClientReport = {
    client: client.city,
    agent: client.agent,
    sid: '',
    node: '-',
    predictedRttMs: undefined,
    rttMs: undefined,
    bestNode: '-',
    bestRttMs: undefined,
    nearest: false,
    turns: 0,
    firstChunkMs: [],
    errors: [typeof code === 'string' ? `${code}: ${(error as Error).message}` : String(error)],
  };
  return { report, turn: async () => {}, close: async () => {} };
}

export interface RunningClient {
  readonly report: ClientReport;
  /** Runs the next scripted turn (they cycle). */
  turn(): Promise<void>;
  close(): Promise<void>;
}

function matrixRtt(matrix: LatencyMatrix, from: string, to: string): number | undefined {
  const a = matrix.indexOf(from);
  const b = matrix.indexOf(to);
  return a === undefined || b === undefined ? undefined : matrix.rttMs(a, b);
}

function bestNodeFor(matrix: LatencyMatrix, city: string, nodeCities: readonly string[]) {
  let best = { node: nodeCities[0] ?? '', rttMs: undefined as number | undefined };
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
  nodeCities: readonly string[],
): Promise<RunningClient> {
  const session: Session = await openSession({
    coordinator: coordinatorUrl,
    agent: client.agent,
    latencyClass: client.agent === 'voice' ? 'voice' : 'interactive',
    label: client.city,
    emulation: emulationFromMatrix(matrix, client.city),
  });
  const best = bestNodeFor(matrix, client.city, nodeCities);
  const report: ClientReport = {
    client: client.city,
    agent: client.agent,
    sid: session.sid,
    node: session.node.label,
    predictedRttMs:
      session.predictedRttMs === undefined ? undefined : Math.round(session.predictedRttMs),
    rttMs: matrixRtt(matrix, client.city, session.node.label),
    bestNode: best.node,
    bestRttMs: best.rttMs,
    nearest: session.node.label === best.node,
    turns: 0,
    firstChunkMs: [],
    errors: [],
  };
  const inputs = DEVNET_TURN_INPUTS[client.agent];
  return {
    report,
    async turn() {
      const input = inputs[report.turns % inputs.length]!;
      const started = performance.now();
      let first: number | undefined;
      try {
        for await (const _chunk of session.send(input)) {
          first ??= performance.now() - started;
        }
        report.turns += 1;
        if (first !== undefined) report.firstChunkMs.push(Math.round(first));
      } catch (error) {
        report.errors.push(String((error as { code?: string }).code ?? error));
      }
    },
    close: () => session.close(),
  };
}
