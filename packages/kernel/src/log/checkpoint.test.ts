import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteSigner, REFERENCE_ROOTS } from '../../test/log-test-support.js';
import { fromBase64, toBase64 } from '../bytes.js';
import { verifyEd25519 } from '../crypto/signature.js';
import { LOG_SIZE_MAX } from '../limits.js';
import type { Result } from '../result.js';
import {
  type Checkpoint,
  formatCheckpointText,
  openCheckpoint,
  parseCheckpointText,
} from './checkpoint.js';
import { EMPTY_ROOT } from './merkle-hash.js';
import { openNote } from './signed-note.js';

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

const ORIGIN = 'example.com/log42';
const CHECKPOINT: Checkpoint = {
  origin: ORIGIN,
  size: 8,
  root: REFERENCE_ROOTS[8]!,
  extensions: [],
};
const CHECKPOINT_TEXT = `${ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`;

describe('checkpoint text', () => {
  it('formats the C2SP body: origin, decimal size, base64 root', () => {
    expect(formatCheckpointText(CHECKPOINT)).toBe(CHECKPOINT_TEXT);
    expect(formatCheckpointText({ ...CHECKPOINT, extensions: ['ext one', 'two'] })).toBe(
      `${CHECKPOINT_TEXT}ext one\ntwo\n`,
    );
    expect(
      formatCheckpointText({ origin: ORIGIN, size: 0, root: EMPTY_ROOT, extensions: [] }),
    ).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
  });

  it('parses the example of c2sp.org/tlog-checkpoint', () => {
    const text =
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const parsed = parseCheckpointText(text);
    expect(parsed).toEqual({
      ok: true,
      value: {
        origin: 'example.com/behind-the-sofa',
        size: 20852163,
        root: fromBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I='),
        extensions: [],
      },
    });
    // The spec's signed example: its key is not published, so the signature is an unknown one.
    const note = `${text}\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
    expect(codeOf(openNote(note, [], verifyEd25519))).toBe('checkpoint_unsigned');
  });

  it('round-trips any checkpoint through text', () => {
    // Any Unicode except control characters (newline included) and unpaired surrogates.
    const isCleanLine = (text: string) =>
      !/[\uD800-\uDFFF]/u.test(text) && [...text].every((char) => char.charCodeAt(0) >= 0x20);
    const line = fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).filter(isCleanLine);
    fc.assert(
      fc.property(
        line,
        fc.integer({ min: 0, max: LOG_SIZE_MAX }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, size, root, extensions) => {
          const checkpoint = { origin, size, root, extensions };
          expect(parseCheckpointText(formatCheckpointText(checkpoint))).toEqual({
            ok: true,
            value: checkpoint,
          });
        },
      ),
    );
  });

  it('rejects sizes that are not canonical decimal or exceed LOG_SIZE_MAX', () => {
    for (const size of ['012', '00', '+12', '-1', '1.0', '', ' 12', '12 ', '1e3', '0x10', '١٢']) {
      const text = `${ORIGIN}\n${size}\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`;
      expect(parseCheckpointText(text), JSON.stringify(size)).toMatchObject({
        ok: false,
        error: { code: 'checkpoint_malformed', path: 'size' },
      });
    }
    for (const size of [String(LOG_SIZE_MAX + 1), '99999999999999999', '1'.repeat(400)]) {
      const text = `${ORIGIN}\n${size}\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`;
      expect(codeOf(parseCheckpointText(text)), size).toBe('checkpoint_malformed');
    }
    const largest = `${ORIGIN}\n${LOG_SIZE_MAX}\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`;
    expect(parseCheckpointText(largest)).toMatchObject({ ok: true, value: { size: LOG_SIZE_MAX } });
  });

  it('rejects roots that are not canonical base64 of exactly 32 bytes', () => {
    const roots = [
      'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=', // non-zero trailing bits
      'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg', // no padding
      'XcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz-Nw7_RgQyg=', // base64url
      toBase64(new Uint8Array(31)),
      toBase64(new Uint8Array(33)),
      '',
    ];
    for (const root of roots) {
      expect(parseCheckpointText(`${ORIGIN}\n8\n${root}\n`), root).toMatchObject({
        ok: false,
        error: { code: 'checkpoint_malformed', path: 'root' },
      });
    }
  });

  it('rejects missing lines, an empty origin, empty extension lines and unclean text', () => {
    const texts = [
      '',
      '\n',
      `${ORIGIN}\n8\n`,
      `${ORIGIN}\n8`,
      `\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`,
      `${CHECKPOINT_TEXT}\n`,
      `${CHECKPOINT_TEXT}ext\n\nmore\n`,
      CHECKPOINT_TEXT.slice(0, -1),
      CHECKPOINT_TEXT.replace(ORIGIN, `${ORIGIN}\r`),
      CHECKPOINT_TEXT.replace(ORIGIN, `${ORIGIN}\uDC00`),
      `${CHECKPOINT_TEXT}${'x'.repeat(70_000)}\n`,
    ];
    for (const text of texts) {
      expect(codeOf(parseCheckpointText(text)), JSON.stringify(text.slice(0, 80))).toBe(
        'checkpoint_malformed',
      );
    }
  });

  it('refuses to format a checkpoint that would not parse back (a bug, so it throws)', () => {
    const bad: Checkpoint[] = [
      { ...CHECKPOINT, origin: '' },
      { ...CHECKPOINT, origin: 'two\nlines' },
      { ...CHECKPOINT, origin: 'tab\there' },
      { ...CHECKPOINT, size: -1 },
      { ...CHECKPOINT, size: 1.5 },
      { ...CHECKPOINT, size: LOG_SIZE_MAX + 1 },
      { ...CHECKPOINT, root: new Uint8Array(31) },
      { ...CHECKPOINT, extensions: [''] },
      { ...CHECKPOINT, extensions: ['a\nb'] },
    ];
    for (const checkpoint of bad) expect(() => formatCheckpointText(checkpoint)).toThrow();
  });
});

describe('openCheckpoint', () => {
  const log = noteSigner(ORIGIN);
  const witness = noteSigner('example.com/witness');
  const note = log.signNote(CHECKPOINT_TEXT);

  it('verifies and parses a signed checkpoint', () => {
    expect(openCheckpoint(note, [log.key], verifyEd25519, ORIGIN)).toEqual({
      ok: true,
      value: { ...CHECKPOINT, verifiedBy: [ORIGIN] },
    });
  });

  it('reports witness cosignatures and ignores signatures by unknown keys', () => {
    const witnessLine = witness.signNote(CHECKPOINT_TEXT).slice(CHECKPOINT_TEXT.length + 1);
    const stranger = noteSigner('example.com/stranger');
    const strangerLine = stranger.signNote(CHECKPOINT_TEXT).slice(CHECKPOINT_TEXT.length + 1);
    const cosigned = `${note}${witnessLine}${strangerLine}`;
    const onlyLog = openCheckpoint(cosigned, [log.key], verifyEd25519);
    expect(onlyLog).toMatchObject({ ok: true, value: { verifiedBy: [ORIGIN] } });
    const both = openCheckpoint(cosigned, [witness.key, log.key], verifyEd25519);
    expect(both).toMatchObject({
      ok: true,
      value: { verifiedBy: [ORIGIN, 'example.com/witness'] },
    });
    expect(codeOf(openCheckpoint(cosigned, [noteSigner(ORIGIN).key], verifyEd25519))).toBe(
      'checkpoint_unsigned',
    );
  });

  it('rejects a checkpoint whose size, root or origin was changed after signing', () => {
    const tampered = [
      note.replace('\n8\n', '\n9\n'),
      note.replace('\n8\n', '\n80\n'),
      note.replace('Xcnaeac', 'Ycnaeac'),
      note.replace(ORIGIN, 'example.com/log43'),
      note.replace(`${CHECKPOINT_TEXT}`, `${CHECKPOINT_TEXT}extension\n`),
    ];
    for (const changed of tampered) {
      expect(changed).not.toBe(note);
      expect(codeOf(openCheckpoint(changed, [log.key], verifyEd25519))).toBe(
        'checkpoint_signature_invalid',
      );
    }
  });

  it('rejects a checkpoint for another log with checkpoint_origin_mismatch', () => {
    expect(openCheckpoint(note, [log.key], verifyEd25519, 'example.com/other')).toMatchObject({
      ok: false,
      error: { code: 'checkpoint_origin_mismatch', path: 'origin' },
    });
  });

  it('rejects a signed note whose text is not a checkpoint, after checking the signature', () => {
    const notACheckpoint = log.signNote(
      `${ORIGIN}\n012\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`,
    );
    expect(openCheckpoint(notACheckpoint, [log.key], verifyEd25519)).toMatchObject({
      ok: false,
      error: { code: 'checkpoint_malformed', path: 'size' },
    });
    // Unverified text is never interpreted: an unknown signer gets checkpoint_unsigned first.
    expect(codeOf(openCheckpoint(notACheckpoint, [witness.key], verifyEd25519))).toBe(
      'checkpoint_unsigned',
    );
  });

  it('rejects malformed notes: missing blank line, control characters, oversize', () => {
    const notes = [
      note.replace(`${CHECKPOINT_TEXT}\n`, CHECKPOINT_TEXT),
      note.replace(ORIGIN, `${ORIGIN}\u0007`),
      `${'#'.repeat(70_000)}\n${note}`,
    ];
    for (const malformed of notes) {
      expect(codeOf(openCheckpoint(malformed, [log.key], verifyEd25519))).toBe(
        'checkpoint_malformed',
      );
    }
  });
});
