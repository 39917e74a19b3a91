/**
 * K5 append-only history: every accepted proof and receipt is in a Merkle transparency log, and
 * any two checkpoints of a log are consistent. These are the two checks a log's clients run on
 * what it hands out; the log itself builds its tree only by appending (log/compact-range.ts).
 */
import type { Checkpoint } from '../log/checkpoint.js';
import { type Hash, hashLeaf } from '../log/merkle-hash.js';
import { verifyConsistency, verifyInclusion } from '../log/merkle-verify.js';
import { fail, type Result } from '../result.js';

/** The newer checkpoint extends the older one: same log, and a consistency proof joins the roots. */
export function checkAppendOnly(
  older: Checkpoint,
  newer: Checkpoint,
  proof: readonly Hash[],
): Result<true> {
  if (older.origin !== newer.origin) {
    return fail(
      'checkpoint_origin_mismatch',
      `${older.origin} and ${newer.origin} are different logs`,
    );
  }
  return verifyConsistency({
    oldSize: older.size,
    newSize: newer.size,
    oldRoot: older.root,
    newRoot: newer.root,
    proof,
  });
}

/** The entry with these canonical bytes is leaf `index` of the tree the checkpoint commits to. */
export function checkLogged(
  entryBytes: Uint8Array,
  index: number,
  proof: readonly Hash[],
  checkpoint: Checkpoint,
): Result<true> {
  return verifyInclusion({
    index,
    size: checkpoint.size,
    leafHash: hashLeaf(entryBytes),
    proof,
    root: checkpoint.root,
  });
}
