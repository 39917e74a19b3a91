/**
 * What the failover and drain tests share: `opengrid coordinator start` / `node start` arguments
 * for a test folder (short heartbeats, one worker, interactive slots only) and reading a turn's
 * whole reply.
 */
import { join } from 'node:path';
import type { JsonValue } from '@mycel/kernel';
import type { Session } from '@mycel/sdk';

/** `coordinator start` on `port` ('0': any), data under `folder`, heartbeats every 100 ms. */
export function coordinatorArgs(folder: string, port: string): string[] {
  return [
    'coordinator',
    'start',
    '--port',
    port,
    '--data',
    join(folder, 'coordinator'),
    '--heartbeat-ms',
    '100',
    '--probe-timeout-ms',
    '300',
    '--log-level',
    'warn',
  ];
}

/** `node start` joining `coordinatorUrl`, data in `folder/name`, 8 interactive slots. */
export function nodeArgs(folder: string, coordinatorUrl: string, name: string): string[] {
  return [
    'node',
    'start',
    '--coordinator',
    coordinatorUrl,
    '--data',
    join(folder, name),
    '--workers',
    '1',
    '--capacity',
    'robot=0,voice=0,interactive=8,batch=0',
    '--log-level',
    'warn',
  ];
}

/** Every chunk of one turn. */
export async function reply(session: Session, input: JsonValue): Promise<JsonValue[]> {
  const chunks: JsonValue[] = [];
  for await (const chunk of session.send(input)) chunks.push(chunk);
  return chunks;
}
