import { createHash, createPrivateKey, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NoteTestSigner, noteSigner } from '../../test/log-test-support.js';
import { fromBase64, toBase64, toBase64Url, toHex, utf8 } from '../bytes.js';
import { verifyEd25519 } from '../crypto/signature.js';
import { CHECKPOINT_NOTE_BYTES_MAX, CHECKPOINT_SIGNATURES_MAX } from '../limits.js';
import type { Result } from '../result.js';
import {
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
} from './signed-note.js';

// Published test vectors of the Go note package (golang.org/x/mod/sumdb/note, note_test.go:
// TestNewVerifier, TestSign, TestOpen): the PeterNeumann and EnochRoot keys and notes.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const GO_NOTE = `${GO_TEXT}\n${PETER_SIG}`;

/** The signer of the Go example: its published private key is 0x01 || 32-byte Ed25519 seed. */
function peterSigner(): Pick<NoteTestSigner, 'key' | 'sign'> {
  const encoded = PETER_SKEY.slice('PRIVATE+KEY+PeterNeumann+c74f20a3+'.length);
  const seed = fromBase64(encoded)!.subarray(1);
  const key = expectOk(parseVerifierKey(PETER_VKEY));
  const privateKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(seed), x: toBase64Url(key.publicKey) },
    format: 'jwk',
  });
  return { key, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** Just the signature line that signNote adds to a text. */
function signatureLine(text: string, signer: Pick<NoteTestSigner, 'key' | 'sign'>): string {
  return signNote(text, signer.key.name, signer.sign, signer.key.publicKey).slice(text.length + 1);
}

describe('signed notes: the Go note package vectors', () => {
  it('parses the published verifier key, whose id matches the spec formula computed here', () => {
    const peter = expectOk(parseVerifierKey(PETER_VKEY));
    expect(peter.name).toBe('PeterNeumann');
    expect(toHex(peter.keyId)).toBe('c74f20a3');
    // Written out independently: SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4].
    const typedKey = fromBase64(PETER_VKEY.slice('PeterNeumann+c74f20a3+'.length))!;
    expect(typedKey[0]).toBe(0x01);
    const digest = createHash('sha256').update('PeterNeumann\n').update(typedKey).digest('hex');
    expect(digest.slice(0, 8)).toBe('c74f20a3');
    expect(toHex(noteKeyId('PeterNeumann', typedKey.subarray(1)))).toBe('c74f20a3');
    expect(formatVerifierKey(peter)).toBe(PETER_VKEY);
    expect(formatVerifierKey(expectOk(parseVerifierKey(ENOCH_VKEY)))).toBe(ENOCH_VKEY);
  });

  it('opens the published note', () => {
    const peter = expectOk(parseVerifierKey(PETER_VKEY));
    expect(expectOk(openNote(GO_NOTE, [peter], verifyEd25519))).toEqual({
      text: GO_TEXT,
      verifiedBy: ['PeterNeumann'],
    });
  });

  it('signs the published text to the published note, byte for byte (Ed25519 is deterministic)', () => {
    const signer = peterSigner();
    expect(signNote(GO_TEXT, 'PeterNeumann', signer.sign, signer.key.publicKey)).toBe(GO_NOTE);
  });

  it('verifies the known signatures of a two-signature note and ignores the unknown one', () => {
    const peter = expectOk(parseVerifierKey(PETER_VKEY));
    const enoch = expectOk(parseVerifierKey(ENOCH_VKEY));
    const note = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(expectOk(openNote(note, [peter], verifyEd25519)).verifiedBy).toEqual(['PeterNeumann']);
    expect(expectOk(openNote(note, [enoch, peter], verifyEd25519)).verifiedBy).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
    expect(codeOf(openNote(note, [], verifyEd25519))).toBe('checkpoint_unsigned');
  });

  it('rejects a corrupted signature by a known key, the Go way', () => {
    const peter = expectOk(parseVerifierKey(PETER_VKEY));
    // Go inserts "ABCD" at byte 60 of the line; the em dash is 3 bytes but 1 UTF-16 unit.
    const corrupted = `${PETER_SIG.slice(0, 58)}ABCD${PETER_SIG.slice(58)}`;
    const result = openNote(`${GO_TEXT}\n${corrupted}`, [peter], verifyEd25519);
    expect(result).toMatchObject({ ok: false, error: { code: 'checkpoint_signature_invalid' } });
  });

  it('rejects the Go malformed-message table', () => {
    const peter = expectOk(parseVerifierKey(PETER_VKEY));
    const badNotes = [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${GO_TEXT}\n${PETER_SIG}`,
      `${GO_TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO_TEXT}\n${PETER_SIG}Unexpected line.\n`,
    ];
    for (const note of badNotes) {
      expect(codeOf(openNote(note, [peter], verifyEd25519)), JSON.stringify(note)).toBe(
        'checkpoint_malformed',
      );
    }
  });

  it('rejects every mangling of the published verifier key (substrings, changed characters)', () => {
    const bad: string[] = [];
    for (let start = 0; start < PETER_VKEY.length; start++) {
      for (let end = start + 1; end <= PETER_VKEY.length; end++) {
        if (start !== 0 || end !== PETER_VKEY.length) bad.push(PETER_VKEY.slice(start, end));
      }
    }
    for (let position = 0; position < PETER_VKEY.length; position++) {
      const changed = String.fromCharCode(PETER_VKEY.charCodeAt(position) + 1);
      bad.push(PETER_VKEY.slice(0, position) + changed + PETER_VKEY.slice(position + 1));
    }
    bad.push(
      // Wrong key length and unknown algorithm, each with an adjusted key id (from note_test.go).
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      `${'x'.repeat(2000)}+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`,
    );
    for (const text of bad) {
      expect(codeOf(parseVerifierKey(text)), text).toBe('checkpoint_malformed');
    }
  });
});

describe('signed notes: signing and opening with fresh keys', () => {
  const text = 'example.com/log\n42\nhello\n';

  it('round-trips, and the key id follows the spec formula for any name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9./_-]{1,40}$/), (name) => {
        const signer = noteSigner(name);
        const expectedId = createHash('sha256')
          .update(`${name}\n\u0001`)
          .update(signer.key.publicKey)
          .digest()
          .subarray(0, 4);
        expect(toHex(signer.key.keyId)).toBe(toHex(expectedId));
        const vkey = formatVerifierKey(signer.key);
        expect(expectOk(parseVerifierKey(vkey))).toEqual(signer.key);
        const note = signNote(text, name, signer.sign, signer.key.publicKey);
        expect(expectOk(openNote(note, [signer.key], verifyEd25519))).toEqual({
          text,
          verifiedBy: [name],
        });
      }),
      { numRuns: 20 },
    );
  });

  it('ignores signatures from unknown keys, even when name or id (not both) matches', () => {
    const log = noteSigner('example.com/log');
    const impostor = noteSigner('example.com/log');
    const stranger = noteSigner('example.com/stranger');
    const sameId = { ...stranger.key, name: 'example.com/other', keyId: log.key.keyId };
    const note = `${text}\n${signatureLine(text, impostor)}${signatureLine(text, stranger)}${signatureLine(text, log)}`;
    expect(expectOk(openNote(note, [log.key], verifyEd25519)).verifiedBy).toEqual([
      'example.com/log',
    ]);
    expect(codeOf(openNote(note, [sameId], verifyEd25519))).toBe('checkpoint_unsigned');
    const strangersOnly = `${text}\n${signatureLine(text, stranger)}`;
    expect(codeOf(openNote(strangersOnly, [log.key], verifyEd25519))).toBe('checkpoint_unsigned');
  });

  it('rejects the whole note when any known key signature fails, even if another verifies', () => {
    const log = noteSigner('example.com/log');
    const witness = noteSigner('example.com/witness');
    const good = signatureLine(text, log);
    const forged = signatureLine('example.com/log\n43\nhello\n', witness);
    const note = `${text}\n${good}${forged}`;
    expect(expectOk(openNote(note, [log.key], verifyEd25519)).verifiedBy).toEqual([
      'example.com/log',
    ]);
    expect(openNote(note, [log.key, witness.key], verifyEd25519)).toMatchObject({
      ok: false,
      error: { code: 'checkpoint_signature_invalid', path: 'signatures/1' },
    });
  });

  it('rejects a flipped bit anywhere in a known key signature, and a truncated signature', () => {
    const log = noteSigner('example.com/log');
    const line = signatureLine(text, log);
    const encoded = line.slice(line.lastIndexOf(' ') + 1, -1);
    const bytes = fromBase64(encoded)!;
    for (const bit of [4 * 8, 4 * 8 + 7, 40 * 8 + 3, 67 * 8 + 7]) {
      const flipped = bytes.slice();
      flipped[Math.floor(bit / 8)]! ^= 1 << (bit % 8);
      const note = `${text}\n\u2014 ${log.key.name} ${toBase64(flipped)}\n`;
      expect(codeOf(openNote(note, [log.key], verifyEd25519)), `bit ${bit}`).toBe(
        'checkpoint_signature_invalid',
      );
    }
    const truncated = `${text}\n\u2014 ${log.key.name} ${toBase64(bytes.subarray(0, 67))}\n`;
    expect(codeOf(openNote(truncated, [log.key], verifyEd25519))).toBe(
      'checkpoint_signature_invalid',
    );
  });

  it('separates text from signatures at the last blank line and de-duplicates verifiers', () => {
    const log = noteSigner('example.com/log');
    const withBlankLines = 'first\n\nsecond\n\n';
    const line = signatureLine(withBlankLines, log);
    const opened = expectOk(
      openNote(`${withBlankLines}\n${line}${line}`, [log.key], verifyEd25519),
    );
    expect(opened).toEqual({ text: withBlankLines, verifiedBy: ['example.com/log'] });
  });

  it('rejects malformed notes: structure, characters, bounds', () => {
    const log = noteSigner('example.com/log');
    const line = signatureLine(text, log);
    const [name, encoded] = line.slice(2, -1).split(' ') as [string, string];
    const tooManyLines = line.repeat(CHECKPOINT_SIGNATURES_MAX + 1);
    const oversizeText = `${'a'.repeat(CHECKPOINT_NOTE_BYTES_MAX)}\n`;
    const malformed = [
      `${text}${line}`, // no blank line
      `${text}\n`, // no signature lines
      `${text}\n${line}${line.slice(0, -1)}`, // last line unterminated
      `${text.replace('hello', 'hel\rlo')}\n${line}`, // carriage return
      `${text.replace('hello', 'hel\tlo')}\n${line}`, // tab
      `${text.replace('hello', 'hel\u0000lo')}\n${line}`, // NUL
      `${text.replace('hello', 'hel\uD800lo')}\n${line}`, // lone surrogate: not UTF-8
      `${text}\n-- ${name} ${encoded}\n`, // not an em dash
      `${text}\n\u2014 ${name}  ${encoded}\n`, // two spaces
      `${text}\n\u2014 ${name} ${encoded} extra\n`, // three fields
      `${text}\n\u2014 ${name}+1 ${encoded}\n`, // plus in the key name
      `${text}\n\u2014 ${name}\u00a0x ${encoded}\n`, // Unicode space in the key name
      `${text}\n\u2014  ${encoded}\n`, // empty key name
      `${text}\n\u2014 ${name} ${encoded.slice(1)}\n`, // not base64
      `${text}\n\u2014 ${name} AAAAAA==\n`, // key id but no signature
      `${text}\n${tooManyLines}`,
      `${oversizeText}\n${line}`,
      `${text.replace('hello', '\u00e9'.repeat(CHECKPOINT_NOTE_BYTES_MAX / 2))}\n${line}`, // bytes, not chars
    ];
    for (const note of malformed) {
      expect(
        codeOf(openNote(note, [log.key], verifyEd25519)),
        JSON.stringify(note.slice(0, 120)),
      ).toBe('checkpoint_malformed');
    }
    const maxLines = line.repeat(CHECKPOINT_SIGNATURES_MAX);
    expect(codeOf(openNote(`${text}\n${maxLines}`, [log.key], verifyEd25519))).toBe('ok');
  });

  it('refuses to sign texts and names that would make a malformed note (a bug, so it throws)', () => {
    const log = noteSigner('example.com/log');
    const signWith =
      (noteText: string, name = log.key.name) =>
      () =>
        signNote(noteText, name, log.sign, log.key.publicKey);
    expect(signWith('no final newline')).toThrow();
    expect(signWith('carriage\r\nreturn\n')).toThrow();
    expect(signWith('fine\n', 'bad name')).toThrow();
    expect(signWith('fine\n', 'bad+name')).toThrow();
    expect(signWith('fine\n', '')).toThrow();
    expect(() => signNote('fine\n', 'n', () => new Uint8Array(63), log.key.publicKey)).toThrow();
    expect(utf8(signWith('fine\n')()).length).toBeGreaterThan(64);
  });
});
