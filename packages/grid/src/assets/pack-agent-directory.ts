/**
 * Packs an agent directory into a signed bundle: `agent.json` names the agent
 * (`{name, version, entry}`) and every other regular file below the directory goes into the
 * bundle. Symbolic links, devices and oddly named files are refused rather than skipped, so
 * what is signed is exactly what the publisher sees in the directory.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalBytes,
  failWith,
  formatKid,
  type JsonValue,
  type Outcome,
  ok,
  parseJsonBytes,
  parseTimestamp,
  type Signer,
  sealObject,
  withSignature,
} from '@mycel/kernel';
import { checkAgentName, checkAgentVersion } from '../agents/define-agent.js';
import {
  AGENT_BUNDLE_BYTES_MAX,
  AGENT_BUNDLE_FILE_BYTES_MAX,
  AGENT_BUNDLE_FILES_MAX,
  AGENT_MANIFEST_BYTES_MAX,
} from '../limits.js';
import {
  AGENT_BUNDLE_KIND,
  AGENT_BUNDLE_VERSION,
  AGENT_MANIFEST_FILE,
  type AgentBundle,
  encodeFilePieces,
  isBundlePath,
} from './agent-bundle.js';
import type { AssetErrorCode } from './asset-error-codes.js';
import { assetIdOf } from './asset-id.js';

export interface PackedBundle {
  readonly assetId: string;
  readonly bytes: Uint8Array;
  readonly bundle: AgentBundle;
}

type Packing<T> = Outcome<T, AssetErrorCode>;

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly entry: string;
}

function readManifest(directory: string): Packing<Manifest> {
  const path = join(directory, AGENT_MANIFEST_FILE);
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (info === undefined || !info.isFile() || info.size > AGENT_MANIFEST_BYTES_MAX) {
    return failWith(
      'agent_directory_invalid',
      `${AGENT_MANIFEST_FILE} is missing or not a small file`,
    );
  }
  const parsed = parseJsonBytes(new Uint8Array(readFileSync(path)));
  const manifest: JsonValue = parsed.ok ? parsed.value : null;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return failWith('agent_directory_invalid', `${AGENT_MANIFEST_FILE} is not a JSON object`);
  }
  const name = checkAgentName(manifest.name);
  const version = checkAgentVersion(manifest.version);
  const entry = manifest.entry;
  if (!name.ok || !version.ok) {
    const reason = !name.ok ? name.error.message : !version.ok ? version.error.message : '';
    return failWith('agent_directory_invalid', `${AGENT_MANIFEST_FILE}: ${reason}`);
  }
  if (typeof entry !== 'string' || !isBundlePath(entry)) {
    return failWith('agent_directory_invalid', `${AGENT_MANIFEST_FILE}: entry is a relative path`);
  }
  return ok({ name: name.value, version: version.value, entry });
}

/** Every regular file below `directory` (but agent.json at the top), by relative path. */
function collectFiles(directory: string): Packing<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let totalBytes = 0;
  const pending: string[] = [''];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const entries = readdirSync(join(directory, folder), { withFileTypes: true });
    for (const entry of entries) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (path === AGENT_MANIFEST_FILE) continue;
      if (!isBundlePath(path)) {
        return failWith('agent_directory_invalid', `${path} is not a plain relative file name`);
      }
      // isBundlePath bounds the depth of directories as well as files.
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      if (!entry.isFile()) {
        return failWith(
          'agent_directory_invalid',
          `${path} is not a regular file (links are refused)`,
        );
      }
      const bytes = new Uint8Array(readFileSync(join(directory, path)));
      totalBytes += bytes.byteLength;
      files.set(path, bytes);
      if (files.size > AGENT_BUNDLE_FILES_MAX || totalBytes > AGENT_BUNDLE_FILE_BYTES_MAX) {
        return failWith(
          'agent_bundle_too_large',
          `a bundle holds at most ${AGENT_BUNDLE_FILES_MAX} files and ${AGENT_BUNDLE_FILE_BYTES_MAX} bytes`,
        );
      }
    }
  }
  return ok(files);
}

/**
 * Packs and signs the agent in `directory`; `publishedAt` is an RFC 3339 UTC timestamp.
 * Synchronous: it runs in the publisher's command-line tool, never on a node's event loop.
 */
export function packAgentDirectory(
  directory: string,
  signer: Signer,
  publishedAt: string,
): Packing<PackedBundle> {
  if (parseTimestamp(publishedAt) === undefined) {
    return failWith('agent_bundle_malformed', 'publishedAt is an RFC 3339 UTC timestamp');
  }
  if (signer.kid !== formatKid(signer.key.did, signer.key)) {
    return failWith('agent_bundle_malformed', 'a bundle is signed by the publisher key itself');
  }
  const manifest = readManifest(directory);
  if (!manifest.ok) return manifest;
  const files = collectFiles(directory);
  if (!files.ok) return files;
  if (!files.value.has(manifest.value.entry)) {
    return failWith(
      'agent_directory_invalid',
      `the entry ${manifest.value.entry} is not in the directory`,
    );
  }
  const encoded: { [path: string]: string[] } = {};
  for (const [path, bytes] of [...files.value].sort(([left], [right]) => (left < right ? -1 : 1))) {
    encoded[path] = encodeFilePieces(bytes);
  }
  const sealed = sealObject({
    v: AGENT_BUNDLE_VERSION,
    kind: AGENT_BUNDLE_KIND,
    ...manifest.value,
    files: encoded,
    publisher: signer.key.did,
    publishedAt,
  } as const);
  const unsigned: AgentBundle = { ...sealed, signatures: [] };
  const bundle = withSignature(unsigned, AGENT_BUNDLE_KIND, signer);
  const bytes = canonicalBytes(bundle);
  if (bytes.byteLength > AGENT_BUNDLE_BYTES_MAX) {
    return failWith(
      'agent_bundle_too_large',
      `a bundle is at most ${AGENT_BUNDLE_BYTES_MAX} bytes`,
    );
  }
  return ok({ assetId: assetIdOf(bytes), bytes, bundle });
}
