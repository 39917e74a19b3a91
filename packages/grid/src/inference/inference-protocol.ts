/**
 * Messages over the IPC channel between the pool (parent) and an inference worker (child).
 * The child runs agent code, which may be anything a publisher signed, so the parent reads
 * every message it receives as untrusted (readWorkerMessage).
 */
import type { JsonValue } from '@mycel/kernel';
import { INFERENCE_ERROR_CODES, type InferenceErrorCode } from './inference-error-codes.js';
import type { AgentRef } from './turn-request.js';

export type PoolMessage =
  | { type: 'init'; id: number; sid: string; agent: AgentRef; config?: JsonValue }
  | {
      type: 'turn';
      id: number;
      sid: string;
      seq: number;
      agent: AgentRef;
      state: JsonValue;
      input: JsonValue;
    }
  | { type: 'cancel'; id: number };

export type WorkerMessage =
  | { type: 'ready'; pid: number }
  | { type: 'tick' }
  | { type: 'chunk'; id: number; chunk: JsonValue }
  | { type: 'done'; id: number; state: JsonValue }
  | { type: 'failed'; id: number; code: InferenceErrorCode; message: string };

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The message, or undefined when it is not one a worker may send. */
export function readWorkerMessage(value: unknown): WorkerMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as { [field: string]: unknown };
  switch (message.type) {
    case 'tick':
      return { type: 'tick' };
    case 'ready':
      return typeof message.pid === 'number' ? { type: 'ready', pid: message.pid } : undefined;
    case 'chunk':
      if (!isRequestId(message.id) || !('chunk' in message)) return undefined;
      return { type: 'chunk', id: message.id, chunk: message.chunk as JsonValue };
    case 'done':
      if (!isRequestId(message.id) || !('state' in message)) return undefined;
      return { type: 'done', id: message.id, state: message.state as JsonValue };
    case 'failed': {
      const code = INFERENCE_ERROR_CODES.find((known) => known === message.code);
      if (!isRequestId(message.id) || code === undefined || typeof message.message !== 'string') {
        return undefined;
      }
      return { type: 'failed', id: message.id, code, message: message.message };
    }
    default:
      return undefined;
  }
}
