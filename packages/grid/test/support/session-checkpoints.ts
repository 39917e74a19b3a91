/**
 * Real session checkpoints for tests: bodies sealed with the wire's sealCheckpoint, so the digest
 * is exactly what a node computes and the coordinator checks.
 */
import type { JsonValue } from '@mycel/kernel';
import { type SessionCheckpoint, type SessionCheckpointBody, sealCheckpoint } from '@mycel/wire';

/** A sealed checkpoint of `sid` at `epoch` after turn `seq` (defaults: one successful turn). */
export function testCheckpoint(
  sid: string,
  epoch: number,
  seq: number,
  overrides: Partial<SessionCheckpointBody> = {},
): SessionCheckpoint {
  const body: SessionCheckpointBody = {
    sid,
    epoch,
    seq,
    turns: seq,
    agent: 'tutor',
    state: { turn: seq } satisfies JsonValue,
    output: [`answer ${seq}`],
    ...overrides,
  };
  const sealed = sealCheckpoint(body);
  if (!sealed.ok) throw new Error(`assertion failed: ${sealed.error.message}`);
  return sealed.value;
}
