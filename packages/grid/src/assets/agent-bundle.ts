/**
 * An agent bundle: an agent's files in one signed, content-addressed document (ARCHITECTURE
 * §5.4). The document is RFC 8785 canonical JSON:
 *   { v: 1, kind: 'agent-bundle', name, version, entry, files, publisher, publishedAt,
 *     id, signatures }
 * `id` is the kernel content id of the body (every field but id and signatures); `signatures`
 * holds the publisher's kernel signature of kind 'agent-bundle' over that id; `publisher` is
 * the publisher's did:key. In `files`, each relative path maps to the file's bytes in standard
 * base64 cut into pieces of AGENT_BUNDLE_BASE64_PIECE_CHARS (the kernel's strict JSON reader
 * bounds string length). The bundle's asset id is the SHA-256 of the document's bytes.
 */
import { fromBase64, type SignatureAlg, toBase64 } from '@mycel/kernel';
import {
  AGENT_BUNDLE_BASE64_PIECE_CHARS,
  AGENT_BUNDLE_PATH_CHARS_MAX,
  AGENT_BUNDLE_PATH_DEPTH_MAX,
} from '../limits.js';

export const AGENT_BUNDLE_VERSION = 1;
export const AGENT_BUNDLE_KIND = 'agent-bundle';
/** The file in an agent directory that names the agent: `{name, version, entry}`. */
export const AGENT_MANIFEST_FILE = 'agent.json';

export type BundleSignature = { kid: string; alg: SignatureAlg; sig: string };

export type AgentBundle = {
  v: 1;
  kind: 'agent-bundle';
  name: string;
  version: string;
  /** Relative path of the ESM module whose default export is the agent. */
  entry: string;
  files: { [path: string]: string[] };
  publisher: string;
  publishedAt: string;
  id: string;
  signatures: BundleSignature[];
};

declare const verifiedBrand: unique symbol;

/** A bundle that passed verifyAgentBundle; only that function makes one. */
export interface VerifiedBundle {
  readonly assetId: string;
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly entry: string;
  readonly publisher: string;
  readonly publishedAt: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly [verifiedBrand]: true;
}

// One path segment: starts with a letter, digit or underscore (so never `.`, `..` or hidden),
// then letters, digits, `.`, `_`, `-`. No separators, drive letters or control characters.
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Whether `path` is a plain relative path a bundle may hold (attacker-controlled). */
export function isBundlePath(path: string): boolean {
  if (path.length === 0 || path.length > AGENT_BUNDLE_PATH_CHARS_MAX) return false;
  const segments = path.split('/');
  return (
    segments.length <= AGENT_BUNDLE_PATH_DEPTH_MAX &&
    segments.every((segment) => PATH_SEGMENT.test(segment))
  );
}

export function encodeFilePieces(bytes: Uint8Array): string[] {
  const text = toBase64(bytes);
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += AGENT_BUNDLE_BASE64_PIECE_CHARS) {
    pieces.push(text.slice(start, start + AGENT_BUNDLE_BASE64_PIECE_CHARS));
  }
  return pieces;
}

/**
 * The bytes of a file's pieces, or undefined unless they are exactly what encodeFilePieces
 * writes: full pieces then one shorter non-empty piece, strict base64. One file, one spelling.
 */
export function decodeFilePieces(pieces: unknown): Uint8Array | undefined {
  if (!Array.isArray(pieces)) return undefined;
  if (pieces.length === 0) return new Uint8Array(0);
  for (const [index, piece] of pieces.entries()) {
    if (typeof piece !== 'string' || piece.length === 0) return undefined;
    const last = index === pieces.length - 1;
    if (piece.length > AGENT_BUNDLE_BASE64_PIECE_CHARS) return undefined;
    if (!last && piece.length !== AGENT_BUNDLE_BASE64_PIECE_CHARS) return undefined;
  }
  const text = pieces.join('');
  const bytes = fromBase64(text);
  if (bytes === undefined || toBase64(bytes) !== text) return undefined;
  return bytes;
}
