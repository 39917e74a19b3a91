/**
 * Verifies an agent bundle before a node installs or runs it (agent verification,
 * ARCHITECTURE §5.4). The bytes come from the network: they are bounded, read with the kernel's
 * strict JSON reader, and must be the canonical form of the document, so one bundle has one
 * asset id. Then, in order: the bytes hash to the asset id asked for; the document has exactly
 * the bundle fields, with plain relative paths and strict base64; `id` is the content id of the
 * body; and the publisher's key signed that id as an 'agent-bundle'.
 */
import {
  canonicalJson,
  decodeUtf8,
  failWith,
  idOf,
  type JsonObject,
  type JsonValue,
  type Outcome,
  ok,
  parseDidKey,
  parseKid,
  parseStrictJson,
  parseTimestamp,
} from '@mycel/kernel';
import { isSignedBy } from '@mycel/wire';
import { checkAgentName, checkAgentVersion } from '../agents/define-agent.js';
import {
  AGENT_BUNDLE_BYTES_MAX,
  AGENT_BUNDLE_FILE_BYTES_MAX,
  AGENT_BUNDLE_FILES_MAX,
  AGENT_BUNDLE_SIGNATURES_MAX,
} from '../limits.js';
import {
  AGENT_BUNDLE_KIND,
  AGENT_BUNDLE_VERSION,
  decodeFilePieces,
  isBundlePath,
  type VerifiedBundle,
} from './agent-bundle.js';
import type { AssetErrorCode } from './asset-error-codes.js';
import { assetIdOf, checkAssetId } from './asset-id.js';

type Verification<T> = Outcome<T, AssetErrorCode>;

const BUNDLE_FIELDS = [
  'v',
  'kind',
  'name',
  'version',
  'entry',
  'files',
  'publisher',
  'publishedAt',
  'id',
  'signatures',
].sort();
const SIGNATURE_FIELDS = ['alg', 'kid', 'sig'];

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactly(object: { [key: string]: JsonValue }, fields: readonly string[]): boolean {
  const keys = Object.keys(object).sort();
  return keys.length === fields.length && keys.every((key, index) => key === fields[index]);
}

function malformed<T>(message: string): Verification<T> {
  return failWith('agent_bundle_malformed', message);
}

/** The document from the bytes, only if they are its canonical form. */
function readDocument(bytes: Uint8Array): Verification<{ [key: string]: JsonValue }> {
  const text = decodeUtf8(bytes);
  const parsed = text === undefined ? undefined : parseStrictJson(text);
  if (parsed === undefined || !parsed.ok) return malformed('the bundle is not strict JSON');
  if (!isObject(parsed.value) || !hasExactly(parsed.value, BUNDLE_FIELDS)) {
    return malformed(`a bundle has exactly the fields ${BUNDLE_FIELDS.join(', ')}`);
  }
  if (canonicalJson(parsed.value) !== text) {
    return malformed('the bundle is not in canonical JSON form (RFC 8785)');
  }
  return ok(parsed.value);
}

function readFiles(files: JsonValue | undefined): Verification<Map<string, Uint8Array>> {
  if (!isObject(files)) return malformed('files is an object of path to base64 pieces');
  const paths = Object.keys(files);
  if (paths.length > AGENT_BUNDLE_FILES_MAX) {
    return failWith(
      'agent_bundle_too_large',
      `a bundle holds at most ${AGENT_BUNDLE_FILES_MAX} files`,
    );
  }
  const decoded = new Map<string, Uint8Array>();
  const folded = new Set<string>();
  let totalBytes = 0;
  for (const path of paths.sort()) {
    // Attacker-controlled: a path must stay inside the install directory on every file system.
    if (!isBundlePath(path))
      return malformed(`${JSON.stringify(path)} is not a plain relative path`);
    if (folded.has(path.toLowerCase()))
      return malformed(`${path} differs from another path only in case`);
    folded.add(path.toLowerCase());
    const bytes = decodeFilePieces(files[path]);
    if (bytes === undefined) return malformed(`${path} is not strict base64 in full pieces`);
    totalBytes += bytes.byteLength;
    if (totalBytes > AGENT_BUNDLE_FILE_BYTES_MAX) {
      return failWith(
        'agent_bundle_too_large',
        `a bundle's files are at most ${AGENT_BUNDLE_FILE_BYTES_MAX} bytes`,
      );
    }
    decoded.set(path, bytes);
  }
  for (const path of decoded.keys()) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const folder = segments.slice(0, depth).join('/').toLowerCase();
      if (folded.has(folder)) return malformed(`${folder} is both a file and a folder`);
    }
  }
  return ok(decoded);
}

/** At least one signature by the publisher's key, and every such signature valid. */
function checkPublisherSignature(
  signatures: JsonValue | undefined,
  publisher: string,
  id: string,
): Verification<true> {
  if (!Array.isArray(signatures) || signatures.length > AGENT_BUNDLE_SIGNATURES_MAX) {
    return malformed(`signatures is a list of at most ${AGENT_BUNDLE_SIGNATURES_MAX} entries`);
  }
  let valid = 0;
  for (const entry of signatures) {
    if (!isObject(entry) || !hasExactly(entry, SIGNATURE_FIELDS))
      return malformed('a signature is {kid, alg, sig}');
    const { kid, alg, sig } = entry;
    if (
      typeof kid !== 'string' ||
      typeof sig !== 'string' ||
      (alg !== 'Ed25519' && alg !== 'ES256')
    ) {
      return malformed('a signature has a string kid and sig and an Ed25519 or ES256 alg');
    }
    const reference = parseKid(kid);
    if (
      !reference.ok ||
      reference.value.identity !== publisher ||
      reference.value.key.did !== publisher
    ) {
      continue;
    }
    if (!isSignedBy({ kid, alg, sig }, AGENT_BUNDLE_KIND, id, reference.value.key)) {
      return failWith(
        'agent_bundle_signature_invalid',
        `the publisher signature by ${kid} does not verify`,
      );
    }
    valid += 1;
  }
  if (valid === 0) {
    return failWith(
      'agent_bundle_signature_invalid',
      `the bundle carries no signature by its publisher ${publisher}`,
    );
  }
  return ok(true);
}

/**
 * Verifies bundle bytes; with `expectedAssetId` (the id the bundle was asked for by), the bytes
 * must hash to it. Only a verified bundle can be installed (installBundle).
 */
export function verifyAgentBundle(
  bytes: Uint8Array,
  expectedAssetId?: string,
): Verification<VerifiedBundle> {
  if (bytes.byteLength > AGENT_BUNDLE_BYTES_MAX) {
    return failWith(
      'agent_bundle_too_large',
      `a bundle is at most ${AGENT_BUNDLE_BYTES_MAX} bytes`,
    );
  }
  const assetId = assetIdOf(bytes);
  if (expectedAssetId !== undefined) {
    const expected = checkAssetId(expectedAssetId);
    if (!expected.ok) return expected;
    if (assetId !== expected.value) {
      return failWith(
        'agent_bundle_hash_mismatch',
        `the bytes hash to ${assetId}, not ${expected.value}`,
      );
    }
  }
  const document = readDocument(bytes);
  if (!document.ok) return document;
  const { v, kind, name, version, entry, publisher, publishedAt, id } = document.value;
  if (v !== AGENT_BUNDLE_VERSION || kind !== AGENT_BUNDLE_KIND) {
    return malformed(`a bundle has v ${AGENT_BUNDLE_VERSION} and kind ${AGENT_BUNDLE_KIND}`);
  }
  const checkedName = checkAgentName(name);
  const checkedVersion = checkAgentVersion(version);
  if (!checkedName.ok || !checkedVersion.ok)
    return malformed('the bundle name or version is invalid');
  if (typeof publisher !== 'string' || !parseDidKey(publisher).ok)
    return malformed('publisher is a did:key');
  if (typeof publishedAt !== 'string' || parseTimestamp(publishedAt) === undefined) {
    return malformed('publishedAt is an RFC 3339 UTC timestamp');
  }
  if (typeof id !== 'string') return malformed('id is a content id');
  const files = readFiles(document.value.files);
  if (!files.ok) return files;
  if (typeof entry !== 'string' || !files.value.has(entry))
    return malformed('entry names a file of the bundle');
  if (idOf(document.value as JsonObject) !== id) {
    return failWith(
      'agent_bundle_hash_mismatch',
      'the bundle id is not the content id of its body',
    );
  }
  const signed = checkPublisherSignature(document.value.signatures, publisher, id);
  if (!signed.ok) return signed;
  const verified = {
    assetId,
    id,
    name: checkedName.value,
    version: checkedVersion.value,
    entry,
    publisher,
    publishedAt,
    files: files.value,
  };
  // The one place a VerifiedBundle is made: the brand says every check above passed.
  return ok(verified as unknown as VerifiedBundle);
}
