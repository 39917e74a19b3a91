/**
 * C2SP tlog-checkpoint note text (https://c2sp.org/tlog-checkpoint §Note text):
 * "<origin>\n<decimal tree size>\n<base64 root hash>\n", then optional non-empty extension lines.
 * The checkpoint is carried as a signed note (./signed-note.ts).
 */
import { fromBase64, toBase64 } from '../bytes.js';
import { assert, fail, ok, type Result } from '../result.js';
import { type Hash, isHash } from './merkle-hash.js';
import {
  isValidNoteText,
  type NoteVerifierKey,
  type NoteVerifyFunction,
  openNote,
} from './signed-note.js';
import { isTreeSize } from './tree-math.js';

export interface Checkpoint {
  /** The log's identity, e.g. "example.com/log42"; non-empty. */
  readonly origin: string;
  readonly size: number;
  /** RFC 6962 §2.1 MTH of the first `size` leaves. */
  readonly root: Hash;
  /** Opaque extension lines, each non-empty (NOT RECOMMENDED by the spec). */
  readonly extensions: readonly string[];
}

export interface OpenedCheckpoint extends Checkpoint {
  /** Names of the known keys whose signatures verified (the log, witnesses). */
  readonly verifiedBy: string[];
}

// c2sp.org/tlog-checkpoint §Note text: ASCII decimal, no leading zeroes unless the size is 0.
// 16 digits bound the work; isTreeSize then bounds the value to LOG_SIZE_MAX.
const TREE_SIZE_TEXT = /^(?:0|[1-9][0-9]{0,15})$/;

function isLine(text: string): boolean {
  return text.length > 0 && !text.includes('\n');
}

/** The note text of a checkpoint. The checkpoint is the log's own, so a bad one is a bug. */
export function formatCheckpointText(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions } = checkpoint;
  assert(isLine(origin), 'formatCheckpointText: origin is one non-empty line');
  assert(isTreeSize(size), 'formatCheckpointText: size is a tree size');
  assert(isHash(root), 'formatCheckpointText: root is 32 bytes');
  assert(extensions.every(isLine), 'formatCheckpointText: extensions are non-empty lines');
  const lines = [origin, String(size), toBase64(root), ...extensions];
  const text = `${lines.join('\n')}\n`;
  assert(isValidNoteText(text), 'formatCheckpointText: a valid note text');
  return text;
}

function malformed<T>(message: string, path?: string): Result<T> {
  return fail('checkpoint_malformed', message, path);
}

function parseTreeSize(text: string): number | undefined {
  if (!TREE_SIZE_TEXT.test(text)) return undefined;
  const size = Number(text);
  return isTreeSize(size) ? size : undefined;
}

function parseRoot(text: string): Hash | undefined {
  const root = fromBase64(text);
  // Canonical encoding only, so one checkpoint has exactly one text.
  if (root === undefined || !isHash(root) || toBase64(root) !== text) return undefined;
  return root;
}

/** Parses attacker-controlled checkpoint note text (the text of a note, not the whole note). */
export function parseCheckpointText(text: string): Result<Checkpoint> {
  if (!isValidNoteText(text)) {
    return malformed('checkpoint text must be clean UTF-8 within bounds, ending in a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    return malformed('a checkpoint has at least three lines');
  }
  if (origin === '') return malformed('origin is empty', 'origin');
  const size = parseTreeSize(sizeText);
  if (size === undefined) return malformed('tree size is not canonical decimal', 'size');
  const root = parseRoot(rootText);
  if (root === undefined) return malformed('root is not base64 of 32 bytes', 'root');
  const emptyLine = extensions.indexOf('');
  if (emptyLine >= 0)
    return malformed('extension lines must be non-empty', `extensions/${emptyLine}`);
  return ok({ origin, size, root, extensions });
}

/**
 * Verifies a signed checkpoint note, then parses it: signatures first, because the text must be
 * ignored until a known key has vouched for it (c2sp.org/signed-note). Which keys must have
 * signed (the log's own key, a quorum of witnesses) is the caller's policy: see `verifiedBy`.
 */
export function openCheckpoint(
  note: string,
  keys: readonly NoteVerifierKey[],
  verify: NoteVerifyFunction,
  expectedOrigin?: string,
): Result<OpenedCheckpoint> {
  const opened = openNote(note, keys, verify);
  if (!opened.ok) return opened;
  const parsed = parseCheckpointText(opened.value.text);
  if (!parsed.ok) return parsed;
  if (expectedOrigin !== undefined && parsed.value.origin !== expectedOrigin) {
    return fail('checkpoint_origin_mismatch', 'checkpoint is for another log', 'origin');
  }
  return ok({ ...parsed.value, verifiedBy: opened.value.verifiedBy });
}
