/**
 * Entry point of an inference worker process (forked by fork-inference-worker.ts). It runs the
 * requests the pool sends, one promise each, and reports progress every
 * INFERENCE_PROGRESS_TICK_MS from a timer on its own event loop: when an agent blocks the loop,
 * the ticks stop and the pool knows this process is hung without asking it anything.
 * It exits when the parent goes away, so a crashed daemon leaves no workers behind.
 */
import type { JsonValue } from '@mycel/kernel';
import { parseBackendSpec } from '../agents/backend-spec.js';
import type { ChatBackend } from '../agents/chat-backend.js';
import { createOpenAiBackend } from '../agents/openai-backend.js';
import { INFERENCE_PROGRESS_TICK_MS } from '../limits.js';
import { AgentLoader } from './agent-loader.js';
import { AgentRunner } from './agent-runner.js';
import type { PoolMessage, WorkerMessage } from './inference-protocol.js';

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

/** The backend the pool passes as a JSON argument, checked again here. */
function readBackend(argument: string | undefined): ChatBackend | undefined {
  if (argument === undefined) return undefined;
  const config = JSON.parse(argument) as { baseUrl?: unknown; model?: unknown };
  const parsed = parseBackendSpec(`openai:${String(config.baseUrl)}`, String(config.model));
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  return createOpenAiBackend(parsed.value);
}

if (process.send === undefined) {
  throw new Error('the inference worker runs as a child process with an IPC channel');
}
const runner = new AgentRunner(new AgentLoader(), readBackend(process.argv[2]), send);

process.on('message', (value: JsonValue) => {
  const message = value as unknown as PoolMessage;
  if (message.type === 'cancel') runner.cancel(message.id);
  else void runner.run(message);
});
process.on('disconnect', () => process.exit(0));
setInterval(() => send({ type: 'tick' }), INFERENCE_PROGRESS_TICK_MS);
send({ type: 'ready', pid: process.pid });
