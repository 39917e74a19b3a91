/**
 * Builds a verifier's TrustStore from files: identity documents, key rotations and revocation
 * lists (one per file, or a JSON array of them), added in the order given, plus anchors named on
 * the command line. A document that does not verify stops the command with its code.
 */
import { type JsonValue, parseJsonBytes, type TrustAnchor, TrustStore } from '@mycel/kernel';
import { CliError } from './cli-error.js';
import { readInputFile } from './files.js';
import { unwrap } from './output.js';

export interface TrustOptions {
  readonly trust?: readonly string[];
  readonly hardwareRoot?: readonly string[];
  readonly revocationAuthority?: readonly string[];
}

export function loadTrust(options: TrustOptions): TrustStore {
  const anchors: TrustAnchor[] = [
    ...(options.hardwareRoot ?? []).map((did) => ({ did, roles: ['hardware-root' as const] })),
    ...(options.revocationAuthority ?? []).map((did) => ({
      did,
      roles: ['revocation-authority' as const],
    })),
  ];
  const trust = new TrustStore(anchors);
  for (const path of options.trust ?? []) {
    const parsed = unwrap(parseJsonBytes(readInputFile(path)));
    for (const document of Array.isArray(parsed) ? parsed : [parsed])
      addDocument(trust, document, path);
  }
  return trust;
}

function addDocument(trust: TrustStore, document: JsonValue, path: string): void {
  const kind =
    document !== null && typeof document === 'object' && !Array.isArray(document)
      ? document.kind
      : undefined;
  if (kind === 'identity') unwrap(trust.addIdentity(document));
  else if (kind === 'key-rotation') unwrap(trust.addRotation(document));
  else if (kind === 'revocation-list') unwrap(trust.addRevocationList(document));
  else
    throw new CliError(
      'argument_invalid',
      `${path}: a trust file holds identity, key-rotation or revocation-list documents`,
    );
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
