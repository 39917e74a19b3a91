import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalBytes,
  canonicalJson,
  digestOf,
  type JsonValue,
  type Signer,
  sealObject,
  toBase64,
  utf8,
  withSignature,
} from '@mycel/kernel';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentBundle } from '../src/assets/agent-bundle.js';
import { installBundle } from '../src/assets/install-bundle.js';
import { packAgentDirectory } from '../src/assets/pack-agent-directory.js';
import { verifyAgentBundle } from '../src/assets/verify-agent-bundle.js';
import { AGENT_BUNDLE_BASE64_PIECE_CHARS, AGENT_BUNDLE_BYTES_MAX } from '../src/limits.js';
import {
  ECHO_AGENT_DIRECTORY,
  PUBLISHED_AT,
  publisher,
  stranger,
  TemporaryFolders,
} from './support/bundle-fixtures.js';

const folders = new TemporaryFolders();
afterEach(() => folders.removeAll());

const ECHO_SOURCE = readFileSync(join(ECHO_AGENT_DIRECTORY, 'index.js'));

/** A bundle document from arbitrary fields, sealed and signed like a real one. */
function signedBytes(fields: Record<string, JsonValue>, signer: Signer): Uint8Array {
  const body = {
    v: 1,
    kind: 'agent-bundle',
    name: 'echo',
    version: '1.0.0',
    entry: 'index.js',
    files: { 'index.js': [toBase64(utf8('export default {};'))] },
    publisher: publisher.key.did,
    publishedAt: PUBLISHED_AT,
    ...fields,
  };
  const sealed = { ...sealObject(body), signatures: [] as AgentBundle['signatures'] };
  return canonicalBytes(withSignature(sealed, 'agent-bundle', signer) as unknown as JsonValue);
}

function packedEcho() {
  const packed = packAgentDirectory(ECHO_AGENT_DIRECTORY, publisher, PUBLISHED_AT);
  if (!packed.ok) throw new Error(packed.error.message);
  return packed.value;
}

describe('packAgentDirectory and verifyAgentBundle', () => {
  it('packs, signs and verifies the echo agent', async () => {
    const packed = packedEcho();
    expect(packed.assetId).toBe(digestOf(packed.bytes));
    expect(packed.bundle).toMatchObject({
      v: 1,
      kind: 'agent-bundle',
      name: 'echo',
      version: '1.0.0',
      entry: 'index.js',
      publisher: publisher.key.did,
      publishedAt: PUBLISHED_AT,
    });
    expect(Object.keys(packed.bundle.files)).toEqual(['index.js']);
    const verified = verifyAgentBundle(packed.bytes, packed.assetId);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    expect(verified.value.assetId).toBe(packed.assetId);
    expect(verified.value.id).toBe(packed.bundle.id);
    expect(verified.value.files.get('index.js')).toEqual(new Uint8Array(ECHO_SOURCE));
    // Same directory, key and time: the same bytes, so the same asset id everywhere.
    expect(packedEcho().bytes).toEqual(packed.bytes);
  });

  it('round-trips files of every size through base64 pieces', async () => {
    const directory = folders.copyOf(ECHO_AGENT_DIRECTORY);
    mkdirSync(join(directory, 'lib', 'data'), { recursive: true });
    const sizes = [0, 1, 2, 3, 9215, 9216, 9217, 3 * 9216 + 5];
    for (const size of sizes) {
      const bytes = Uint8Array.from({ length: size }, (_, index) => (index * 31) % 256);
      writeFileSync(join(directory, 'lib', 'data', `file-${size}.bin`), bytes);
    }
    const packed = packAgentDirectory(directory, publisher, PUBLISHED_AT);
    if (!packed.ok) throw new Error(packed.error.message);
    const pieces = packed.value.bundle.files['lib/data/file-27653.bin']!;
    expect(pieces.map((piece) => piece.length)).toEqual([
      AGENT_BUNDLE_BASE64_PIECE_CHARS,
      AGENT_BUNDLE_BASE64_PIECE_CHARS,
      AGENT_BUNDLE_BASE64_PIECE_CHARS,
      8,
    ]);
    const verified = verifyAgentBundle(packed.value.bytes);
    if (!verified.ok) throw new Error(verified.error.message);
    for (const size of sizes) {
      expect(verified.value.files.get(`lib/data/file-${size}.bin`)?.length).toBe(size);
    }
  });

  it('refuses tampered bytes with agent_bundle_hash_mismatch', async () => {
    const packed = packedEcho();
    const text = new TextDecoder().decode(packed.bytes);
    // One character of the entry file's base64 changed: a different file, a different hash.
    const at = text.indexOf('"index.js":["') + '"index.js":["'.length + 10;
    const tampered = utf8(
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`,
    );
    expect(verifyAgentBundle(tampered, packed.assetId)).toMatchObject({
      ok: false,
      error: { code: 'agent_bundle_hash_mismatch' },
    });
    expect(verifyAgentBundle(packed.bytes, digestOf(utf8('something else')))).toMatchObject({
      error: { code: 'agent_bundle_hash_mismatch' },
    });
    // Changed file, unchanged id: the body no longer has the content id the document claims.
    const document = JSON.parse(text) as AgentBundle;
    document.files['index.js'] = [toBase64(utf8('export default { evil: true };'))];
    expect(verifyAgentBundle(utf8(canonicalJson(document as unknown as JsonValue)))).toMatchObject({
      error: { code: 'agent_bundle_hash_mismatch', message: expect.stringMatching(/content id/) },
    });
  });

  it('refuses a bundle not signed by its publisher with agent_bundle_signature_invalid', async () => {
    const bySomeoneElse = signedBytes({}, stranger);
    expect(verifyAgentBundle(bySomeoneElse)).toMatchObject({
      error: {
        code: 'agent_bundle_signature_invalid',
        message: expect.stringMatching(/no signature/),
      },
    });
    const packed = packedEcho();
    const document = JSON.parse(new TextDecoder().decode(packed.bytes)) as AgentBundle;
    const unsigned = { ...document, signatures: [] };
    expect(verifyAgentBundle(utf8(canonicalJson(unsigned as unknown as JsonValue)))).toMatchObject({
      error: { code: 'agent_bundle_signature_invalid' },
    });
    const signature = document.signatures[0]!;
    const flipped = `${signature.sig[0] === 'A' ? 'B' : 'A'}${signature.sig.slice(1)}`;
    const forged = { ...document, signatures: [{ ...signature, sig: flipped }] };
    expect(verifyAgentBundle(utf8(canonicalJson(forged as unknown as JsonValue)))).toMatchObject({
      error: {
        code: 'agent_bundle_signature_invalid',
        message: expect.stringMatching(/does not verify/),
      },
    });
    // The stranger claims the bundle: the publisher is part of the body, so its id changes.
    const claimed = { ...document, publisher: stranger.key.did };
    expect(verifyAgentBundle(utf8(canonicalJson(claimed as unknown as JsonValue)))).toMatchObject({
      error: { code: 'agent_bundle_hash_mismatch' },
    });
    // A signature over another kind of object does not count for a bundle.
    const otherKind = withSignature({ ...document, signatures: [] }, 'proof', publisher);
    expect(verifyAgentBundle(utf8(canonicalJson(otherKind as unknown as JsonValue)))).toMatchObject(
      {
        error: { code: 'agent_bundle_signature_invalid' },
      },
    );
  });

  it.each([
    ['../evil.js'],
    ['lib/../../evil.js'],
    ['/etc/cron.d/evil'],
    ['./index2.js'],
    ['.hidden'],
    ['lib\\evil.js'],
    ['C:evil.js'],
    ['lib//evil.js'],
    ['evil.js/'],
    ['a/b/c/d/e/f/g/h/i.js'],
    ['nul\u0000.js'],
  ])('refuses the file path %j as malformed', (path) => {
    const files = { 'index.js': [toBase64(utf8('x'))], [path]: [toBase64(utf8('x'))] };
    expect(verifyAgentBundle(signedBytes({ files }, publisher))).toMatchObject({
      ok: false,
      error: { code: 'agent_bundle_malformed' },
    });
  });

  it('refuses paths that collide on disk', () => {
    const piece = [toBase64(utf8('x'))];
    const collisions: Record<string, JsonValue>[] = [
      { 'index.js': piece, 'Index.js': piece },
      { 'index.js': piece, lib: piece, 'lib/x.js': piece },
    ];
    for (const files of collisions) {
      expect(verifyAgentBundle(signedBytes({ files }, publisher))).toMatchObject({
        error: { code: 'agent_bundle_malformed' },
      });
    }
  });

  it('refuses documents that are not exactly a canonical bundle', async () => {
    const packed = packedEcho();
    const text = new TextDecoder().decode(packed.bytes);
    const document = JSON.parse(text) as Record<string, JsonValue>;
    const cases: Uint8Array[] = [
      utf8(JSON.stringify(document, null, 2)),
      utf8(text.replace('{', '{"v":1,')),
      utf8('not json'),
      Uint8Array.of(0xff, 0xfe),
      signedBytes({ extra: true }, publisher),
      signedBytes({ v: 2 }, publisher),
      signedBytes({ kind: 'proof' }, publisher),
      signedBytes({ name: 'Echo' }, publisher),
      signedBytes({ version: 'latest' }, publisher),
      signedBytes({ entry: 'missing.js' }, publisher),
      signedBytes({ publisher: 'did:web:example.com' }, publisher),
      signedBytes({ publishedAt: 'yesterday' }, publisher),
      signedBytes({ files: { 'index.js': 'not a list' } }, publisher),
      signedBytes({ files: { 'index.js': ['not base64!'] } }, publisher),
      signedBytes({ files: { 'index.js': ['QQ==', 'QQ=='] } }, publisher),
      signedBytes({ files: { 'index.js': [''] } }, publisher),
    ];
    for (const bytes of cases) {
      expect(verifyAgentBundle(bytes)).toMatchObject({
        ok: false,
        error: { code: 'agent_bundle_malformed' },
      });
    }
    expect(verifyAgentBundle(new Uint8Array(AGENT_BUNDLE_BYTES_MAX + 1))).toMatchObject({
      error: { code: 'agent_bundle_too_large' },
    });
    expect(verifyAgentBundle(packed.bytes, 'sha256:nope')).toMatchObject({
      error: { code: 'asset_id_invalid' },
    });
  });

  it('refuses agent directories with links, hidden files or a bad manifest', async () => {
    const linked = folders.copyOf(ECHO_AGENT_DIRECTORY);
    symlinkSync('/etc/passwd', join(linked, 'passwd'));
    const hidden = folders.copyOf(ECHO_AGENT_DIRECTORY);
    writeFileSync(join(hidden, '.env'), 'SECRET=1');
    const noManifest = folders.make('empty');
    const badName = folders.copyOf(ECHO_AGENT_DIRECTORY);
    writeFileSync(
      join(badName, 'agent.json'),
      '{"name":"Echo!","version":"1.0.0","entry":"index.js"}',
    );
    const noEntry = folders.copyOf(ECHO_AGENT_DIRECTORY);
    writeFileSync(
      join(noEntry, 'agent.json'),
      '{"name":"echo","version":"1.0.0","entry":"main.js"}',
    );
    const escaping = folders.copyOf(ECHO_AGENT_DIRECTORY);
    writeFileSync(
      join(escaping, 'agent.json'),
      '{"name":"echo","version":"1.0.0","entry":"../x.js"}',
    );
    for (const directory of [linked, hidden, noManifest, badName, noEntry, escaping]) {
      expect(packAgentDirectory(directory, publisher, PUBLISHED_AT)).toMatchObject({
        ok: false,
        error: { code: 'agent_directory_invalid' },
      });
    }
    expect(packAgentDirectory(ECHO_AGENT_DIRECTORY, publisher, 'now')).toMatchObject({
      error: { code: 'agent_bundle_malformed' },
    });
  });
});

describe('installBundle', () => {
  it('writes the files under <cache>/<hex>/ once and reuses them', async () => {
    const packed = packedEcho();
    const verified = verifyAgentBundle(packed.bytes, packed.assetId);
    if (!verified.ok) throw new Error(verified.error.message);
    const cache = folders.make('cache');
    const hex = packed.assetId.slice('sha256:'.length);
    const installs = await Promise.all([1, 2, 3].map(() => installBundle(verified.value, cache)));
    expect(new Set(installs)).toEqual(new Set([join(cache, hex, 'index.js')]));
    expect(readFileSync(installs[0]!)).toEqual(ECHO_SOURCE);
    expect(JSON.parse(readFileSync(join(cache, hex, 'package.json'), 'utf8'))).toEqual({
      type: 'module',
    });
    expect(existsSync(join(cache, hex, '.bundle.json'))).toBe(true);
    writeFileSync(installs[0]!, 'changed locally');
    expect(await installBundle(verified.value, cache)).toBe(installs[0]);
    expect(readFileSync(installs[0]!, 'utf8')).toBe('changed locally');
  });
});
