/**
 * C2SP signed notes (https://c2sp.org/signed-note), Ed25519 signature type 0x01 only. Key
 * handling stays outside: callers pass `sign` and `verify` functions, so this file only frames
 * text, key ids and signature lines. Notes and verifier keys are attacker-controlled input.
 */
import { createHash } from 'node:crypto';
import { bytesEqual, concatBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from '../bytes.js';
import {
  CHECKPOINT_NOTE_BYTES_MAX,
  CHECKPOINT_SIGNATURES_MAX,
  NOTE_VERIFIER_KEY_CHARS_MAX,
} from '../limits.js';
import { assert, fail, ok, type Result } from '../result.js';

export interface NoteVerifierKey {
  readonly name: string;
  /** 4 bytes: SHA-256(name || 0x0A || 0x01 || publicKey)[:4]. */
  readonly keyId: Uint8Array;
  /** 32 bytes, a raw Ed25519 public key (RFC 8032). */
  readonly publicKey: Uint8Array;
}

/** Signs a message with the log's Ed25519 private key; returns the 64-byte signature. */
export type NoteSignFunction = (message: Uint8Array) => Uint8Array;
/** Verifies an Ed25519 signature over a message with a raw 32-byte public key. */
export type NoteVerifyFunction = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean;

export interface OpenedNote {
  readonly text: string;
  /** Names of the known keys whose signatures verified, de-duplicated, in note order. */
  readonly verifiedBy: string[];
}

interface SignatureLine {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

// c2sp.org/signed-note §Signature types: 0x01 is Ed25519.
const SIGNATURE_TYPE_ED25519 = 0x01;
const KEY_ID_BYTES = 4;
const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
// c2sp.org/signed-note §Format: a signature line starts with em dash (U+2014) and a space.
const SIGNATURE_LINE_PREFIX = '\u2014 ';
// In a /u pattern this matches only unpaired surrogates, which have no UTF-8 encoding.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// c2sp.org/signed-note §Format: key names contain no Unicode spaces and no plus (U+002B).
const KEY_NAME_FORBIDDEN = /[\s\u0085+]/u;

/** c2sp.org/signed-note §Format: no ASCII control character (below U+0020) other than newline. */
function hasControlCharacter(text: string): boolean {
  for (let position = 0; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** Valid UTF-8 (no lone surrogates), no control characters but newline. */
function isCleanText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !hasControlCharacter(text);
}

/** c2sp.org/signed-note §Format: key names are non-empty, without Unicode spaces or plus. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !KEY_NAME_FORBIDDEN.test(name) && isCleanText(name);
}

/** A note text this folder signs or parses: clean, ending in a newline, within the size bound. */
export function isValidNoteText(text: string): boolean {
  return (
    text.endsWith('\n') &&
    isCleanText(text) &&
    Buffer.byteLength(text, 'utf8') <= CHECKPOINT_NOTE_BYTES_MAX
  );
}

/** c2sp.org/signed-note §Ed25519 signatures: SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  const digest = createHash('sha256')
    .update(utf8(name))
    .update(new Uint8Array([0x0a, SIGNATURE_TYPE_ED25519]))
    .update(publicKey)
    .digest();
  return new Uint8Array(digest.subarray(0, KEY_ID_BYTES));
}

/** "<name>+<8 hex key id>+<base64(0x01 || public key)>", the Go note package's verifier key. */
export function formatVerifierKey(key: NoteVerifierKey): string {
  assert(isValidKeyName(key.name), 'formatVerifierKey: valid key name');
  assert(key.keyId.length === KEY_ID_BYTES, 'formatVerifierKey: 4-byte key id');
  assert(key.publicKey.length === ED25519_PUBLIC_KEY_BYTES, 'formatVerifierKey: 32-byte key');
  const typedKey = concatBytes(new Uint8Array([SIGNATURE_TYPE_ED25519]), key.publicKey);
  return `${key.name}+${toHex(key.keyId)}+${toBase64(typedKey)}`;
}

function malformed<T>(message: string, path?: string): Result<T> {
  return fail('checkpoint_malformed', message, path);
}

/** Parses an attacker-controlled verifier key and checks its key id against the formula. */
export function parseVerifierKey(text: string): Result<NoteVerifierKey> {
  if (text.length > NOTE_VERIFIER_KEY_CHARS_MAX) return malformed('verifier key is too long');
  // The name and the hex id cannot contain '+'; the base64 key can, so split on the first two.
  const firstPlus = text.indexOf('+');
  const secondPlus = firstPlus < 0 ? -1 : text.indexOf('+', firstPlus + 1);
  if (secondPlus < 0) return malformed('verifier key is not <name>+<key id>+<key>');
  const name = text.slice(0, firstPlus);
  const keyIdText = text.slice(firstPlus + 1, secondPlus);
  const keyText = text.slice(secondPlus + 1);
  if (!isValidKeyName(name)) return malformed('verifier key name is not valid', 'name');
  const keyId = keyIdText.length === 2 * KEY_ID_BYTES ? fromHex(keyIdText) : undefined;
  if (keyId === undefined) return malformed('key id is not 8 lower-case hex digits', 'keyId');
  const typedKey = fromBase64(keyText);
  if (typedKey === undefined || toBase64(typedKey) !== keyText) {
    return malformed('public key is not canonical base64', 'publicKey');
  }
  if (typedKey.length !== 1 + ED25519_PUBLIC_KEY_BYTES || typedKey[0] !== SIGNATURE_TYPE_ED25519) {
    return malformed('public key is not a type 0x01 Ed25519 key', 'publicKey');
  }
  const publicKey = typedKey.slice(1);
  if (!bytesEqual(noteKeyId(name, publicKey), keyId)) {
    return malformed('key id does not match the name and public key', 'keyId');
  }
  return ok({ name, keyId, publicKey });
}

/**
 * Signs a note text: returns text, a blank line and "— <name> base64(key id || signature)\n".
 * The text is the log's own (a formatted checkpoint), so an invalid one is a bug: it must end in
 * a newline and hold no control characters but newlines.
 */
export function signNote(
  text: string,
  name: string,
  sign: NoteSignFunction,
  publicKey: Uint8Array,
): string {
  assert(isValidNoteText(text), 'signNote: note text is clean and ends in a newline');
  assert(isValidKeyName(name), 'signNote: valid key name');
  assert(publicKey.length === ED25519_PUBLIC_KEY_BYTES, 'signNote: 32-byte Ed25519 public key');
  const signature = sign(utf8(text));
  assert(signature.length === ED25519_SIGNATURE_BYTES, 'signNote: 64-byte Ed25519 signature');
  const encoded = toBase64(concatBytes(noteKeyId(name, publicKey), signature));
  return `${text}\n${SIGNATURE_LINE_PREFIX}${name} ${encoded}\n`;
}

/** "— <name> <base64>", or undefined when the line does not have that shape. */
function parseSignatureLine(line: string): SignatureLine | undefined {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) return undefined;
  const fields = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (fields.length !== 2) return undefined;
  const [name, encoded] = fields as [string, string];
  if (!isValidKeyName(name)) return undefined;
  const bytes = fromBase64(encoded);
  // c2sp.org/signed-note §Format: base64 of 4 + n bytes, a key id then the signature.
  if (bytes === undefined || bytes.length <= KEY_ID_BYTES) return undefined;
  return { name, keyId: bytes.slice(0, KEY_ID_BYTES), signature: bytes.slice(KEY_ID_BYTES) };
}

/** Splits a note into text and signature lines; checks syntax and bounds, verifies nothing. */
function parseNote(note: string): Result<{ text: string; signatures: SignatureLine[] }> {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap check comes first.
  if (
    note.length > CHECKPOINT_NOTE_BYTES_MAX ||
    Buffer.byteLength(note, 'utf8') > CHECKPOINT_NOTE_BYTES_MAX
  ) {
    return malformed(`note exceeds ${CHECKPOINT_NOTE_BYTES_MAX} bytes`);
  }
  if (!isCleanText(note)) return malformed('note is not UTF-8 or holds control characters');
  // c2sp.org/signed-note §Format: the text is separated from the signatures by the last blank line.
  const blankLine = note.lastIndexOf('\n\n');
  if (blankLine < 0) return malformed('no blank line before the signatures');
  const block = note.slice(blankLine + 2);
  if (!block.endsWith('\n')) return malformed('signature lines must end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > CHECKPOINT_SIGNATURES_MAX) {
    return malformed(`more than ${CHECKPOINT_SIGNATURES_MAX} signatures`);
  }
  const signatures: SignatureLine[] = [];
  for (const [position, line] of lines.entries()) {
    const signature = parseSignatureLine(line);
    if (signature === undefined) return malformed('bad signature line', `signatures/${position}`);
    signatures.push(signature);
  }
  return ok({ text: note.slice(0, blankLine + 1), signatures });
}

/**
 * Opens a signed note (c2sp.org/signed-note §Signatures): signatures by unknown keys (name and key
 * id must both match a known key) are ignored; a known key's signature must verify, or the whole
 * note is rejected (checkpoint_signature_invalid); at least one must verify (checkpoint_unsigned).
 * The text must not be used unless this returns ok.
 */
export function openNote(
  note: string,
  keys: readonly NoteVerifierKey[],
  verify: NoteVerifyFunction,
): Result<OpenedNote> {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const { text, signatures } = parsed.value;
  const message = utf8(text);
  const verifiedBy: string[] = [];
  for (const [position, line] of signatures.entries()) {
    const known = keys.filter((key) => key.name === line.name && bytesEqual(key.keyId, line.keyId));
    if (known.length === 0) continue;
    const verified =
      line.signature.length === ED25519_SIGNATURE_BYTES &&
      known.some((key) => verify(key.publicKey, message, line.signature));
    if (!verified) {
      return fail(
        'checkpoint_signature_invalid',
        `bad signature by ${line.name}`,
        `signatures/${position}`,
      );
    }
    if (!verifiedBy.includes(line.name)) verifiedBy.push(line.name);
  }
  if (verifiedBy.length === 0) return fail('checkpoint_unsigned', 'no signature by a known key');
  return ok({ text, verifiedBy });
}
