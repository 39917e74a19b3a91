/**
 * What a session needs of the inference plane (inference/worker-pool.ts has it): the first state
 * of a session, and one turn run with its chunks streamed back as they come.
 */
import type { JsonValue } from '@mycel/kernel';
import type {
  InitOutcome,
  InitRequest,
  TurnOutcome,
  TurnRequest,
} from '../inference/turn-request.js';

export interface InferencePlane {
  init(request: InitRequest): Promise<InitOutcome>;
  runTurn(
    request: TurnRequest,
    onChunk: (chunk: JsonValue) => void,
    signal?: AbortSignal,
  ): Promise<TurnOutcome>;
}
