/**
 * What a verifier trusts: anchors (hardware roots, revocation authorities), identity documents,
 * each identity's key chain (its did:key, then every accepted rotation) and revocations. It
 * answers one question for the integrity plane: was this key the identity's key at time t?
 * Documents enter only through the add* methods, which verify them first.
 */

import { type DidKey, type KeyReference, parseDidKey, parseKid } from '../crypto/did-key.js';
import { KeyCache } from '../crypto/key-cache.js';
import {
  type SignatureEntry,
  type SignedKind,
  signingInput,
  verifySignatureEntry,
} from '../crypto/signature.js';
import { canonicalJson } from '../json/canonical-json.js';
import type { JsonValue } from '../json/strict-json.js';
import { KEY_CACHE_ENTRIES_MAX, ROTATIONS_PER_IDENTITY_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import {
  checkDeviceCertificateChain,
  type DeviceCertificateChain,
} from './device-certificate-chain.js';
import { checkIdentityDocument } from './identity-document.js';
import type { IdentityDocument, KeyRotation, RevocationList } from './identity-schemas.js';
import { checkKeyRotation } from './key-rotation.js';
import { checkRevocationList } from './revocation-list.js';

export type AnchorRole = 'hardware-root' | 'revocation-authority';

export interface TrustAnchor {
  readonly did: string;
  readonly roles: readonly AnchorRole[];
}

/** One key of an identity and the half-open time span [fromMs, untilMs) in which it is current. */
export interface KeySpan {
  readonly key: DidKey;
  readonly fromMs: number;
  readonly untilMs: number;
}

export interface ResolveOptions {
  /** Ignore the trusted identity document's validUntil (when checking its renewal). */
  readonly ignoreExpiry?: boolean;
}

export class TrustStore {
  readonly keys = new KeyCache();
  private readonly anchors = new Map<string, ReadonlySet<AnchorRole>>();
  private readonly identities = new Map<string, IdentityDocument>();
  private readonly rotations = new Map<string, KeyRotation[]>();
  private readonly revokedAt = new Map<string, number>();
  private readonly revocationSequences = new Map<string, number>();
  /** Device certificate chains that passed path validation, by content id. */
  private readonly deviceChains = new Map<string, DeviceCertificateChain>();
  // Derived data, cached because every signature check needs it; bounded, rebuilt on change.
  private readonly chains = new Map<string, KeySpan[]>();
  private readonly kids = new Map<string, Result<KeyReference>>();

  constructor(anchors: readonly TrustAnchor[] = []) {
    for (const anchor of anchors) this.anchors.set(anchor.did, new Set(anchor.roles));
  }

  hasRole(did: string, role: AnchorRole): boolean {
    return this.anchors.get(did)?.has(role) ?? false;
  }

  /** The dids of the anchors holding `role`, e.g. the manufacturer CAs (`hardware-root`). */
  anchorsWithRole(role: AnchorRole): string[] {
    return [...this.anchors].filter(([, roles]) => roles.has(role)).map(([did]) => did);
  }

  /** A device certificate chain accepted by addDeviceCertificateChain, by its content id. */
  deviceCertificateChain(digest: string): DeviceCertificateChain | undefined {
    return this.deviceChains.get(digest);
  }

  /**
   * Path-validates a device's manufacturer chain (PEM, leaf first) against the hardware-root
   * anchors and remembers it; a device identity document then names it by its digest.
   */
  addDeviceCertificateChain(device: string, pem: string): Result<DeviceCertificateChain> {
    const checked = checkDeviceCertificateChain(device, pem, this.anchorsWithRole('hardware-root'));
    if (!checked.ok) return checked;
    this.deviceChains.set(checked.value.digest, checked.value);
    return checked;
  }

  identity(did: string): IdentityDocument | undefined {
    return this.identities.get(did);
  }

  /** The identity's keys in order: its own did:key first, then one per accepted rotation. */
  keyChain(identity: string): readonly KeySpan[] {
    const cached = this.chains.get(identity);
    if (cached !== undefined) return cached;
    const spans = this.buildKeyChain(identity);
    if (this.chains.size >= KEY_CACHE_ENTRIES_MAX) this.chains.clear();
    this.chains.set(identity, spans);
    return spans;
  }

  private buildKeyChain(identity: string): KeySpan[] {
    const genesis = parseDidKey(identity);
    if (!genesis.ok) return [];
    const spans: KeySpan[] = [];
    let current = genesis.value;
    let fromMs = Number.NEGATIVE_INFINITY;
    for (const rotation of this.rotations.get(identity) ?? []) {
      const effectiveMs = parseTimestamp(rotation.effectiveAt)!;
      spans.push({ key: current, fromMs, untilMs: effectiveMs });
      const next = parseDidKey(rotation.next); // checked on admission, so it parses
      if (next.ok) current = next.value;
      fromMs = effectiveMs;
    }
    spans.push({ key: current, fromMs, untilMs: Number.POSITIVE_INFINITY });
    return spans;
  }

  keyRevokedAt(key: DidKey): number | undefined {
    return this.revokedAt.get(key.did);
  }

  /**
   * Was `reference.key` the key of `reference.identity` at `atMs`, unrevoked and unexpired?
   * `ignoreExpiry` is for checking a renewal of the identity document itself.
   */
  resolveKey(reference: KeyReference, atMs: number, options: ResolveOptions = {}): Result<DidKey> {
    const span = this.keyChain(reference.identity).find(
      (entry) => entry.key.fingerprint === reference.key.fingerprint,
    );
    if (span === undefined) {
      return fail(
        'signature_key_unknown',
        `${reference.key.did} is not a key of ${reference.identity}`,
      );
    }
    if (atMs < span.fromMs)
      return fail('signature_key_not_yet_valid', `${reference.key.did} was not yet current`);
    if (atMs >= span.untilMs)
      return fail('signature_key_rotated_out', `${reference.key.did} had been rotated out`);
    const validUntil = options.ignoreExpiry
      ? undefined
      : this.identities.get(reference.identity)?.validUntil;
    if (validUntil !== undefined && atMs >= parseTimestamp(validUntil)!) {
      return fail(
        'signature_key_expired',
        `the identity document of ${reference.identity} had expired`,
      );
    }
    const revokedMs = this.revokedAt.get(reference.key.did);
    if (revokedMs !== undefined && atMs >= revokedMs) {
      return fail('signature_key_revoked', `${reference.key.did} was revoked`);
    }
    return ok(span.key);
  }

  /**
   * Verifies every signature on an object against the key each names, as of `atMs`, and returns
   * the identities that signed. One bad or duplicated signature fails the whole object (K2).
   */
  verifySignatures(
    signatures: readonly SignatureEntry[],
    kind: SignedKind,
    id: string,
    atMs: number,
    options: ResolveOptions = {},
  ): Result<ReadonlySet<string>> {
    if (signatures.length === 0) return fail('signature_missing', `the ${kind} is not signed`);
    const message = signingInput(kind, id);
    const signers = new Set<string>();
    const seenKeys = new Set<string>();
    for (const entry of signatures) {
      const reference = this.parseKid(entry.kid);
      if (!reference.ok) return reference;
      if (seenKeys.has(reference.value.key.fingerprint)) {
        return fail('signature_duplicate', `${entry.kid} signed twice`);
      }
      seenKeys.add(reference.value.key.fingerprint);
      const key = this.resolveKey(reference.value, atMs, options);
      if (!key.ok) return key;
      const checked = verifySignatureEntry(entry, key.value, message, this.keys);
      if (!checked.ok) return checked;
      signers.add(reference.value.identity);
    }
    return ok(signers);
  }

  private parseKid(kid: string): Result<KeyReference> {
    let reference = this.kids.get(kid);
    if (reference === undefined) {
      reference = parseKid(kid);
      if (this.kids.size >= KEY_CACHE_ENTRIES_MAX) this.kids.clear();
      this.kids.set(kid, reference);
    }
    return reference;
  }

  addIdentity(value: JsonValue): Result<IdentityDocument> {
    const checked = checkIdentityDocument(value, this);
    if (!checked.ok) return checked;
    const document = checked.value;
    const existing = this.identities.get(document.subject);
    if (existing !== undefined && existing.id !== document.id) {
      if (parseTimestamp(existing.issuedAt)! >= parseTimestamp(document.issuedAt)!) {
        return fail(
          'identity_conflict',
          `a newer or equal identity document for ${document.subject} is trusted`,
        );
      }
    }
    this.identities.set(document.subject, document);
    return ok(document);
  }

  addRotation(value: JsonValue): Result<KeyRotation> {
    const known = this.knownRotation(value);
    if (known !== undefined) return ok(known);
    const checked = checkKeyRotation(value, this);
    if (!checked.ok) return checked;
    const rotation = checked.value;
    const chain = this.rotations.get(rotation.subject) ?? [];
    if (chain.length >= ROTATIONS_PER_IDENTITY_MAX) {
      return fail(
        'rotation_chain_too_long',
        `the identity has rotated its key ${ROTATIONS_PER_IDENTITY_MAX} times`,
      );
    }
    // Extend the cached key chain rather than rebuild it: checkKeyRotation has just read it.
    const spans = this.keyChain(rotation.subject);
    const last = spans.at(-1)!;
    const effectiveMs = parseTimestamp(rotation.effectiveAt)!;
    const next = parseDidKey(rotation.next);
    if (!next.ok) return next;
    this.chains.set(rotation.subject, [
      ...spans.slice(0, -1),
      { ...last, untilMs: effectiveMs },
      { key: next.value, fromMs: effectiveMs, untilMs: Number.POSITIVE_INFINITY },
    ]);
    this.rotations.set(rotation.subject, [...chain, rotation]);
    return ok(rotation);
  }

  addRevocationList(value: JsonValue): Result<RevocationList> {
    const checked = checkRevocationList(value, this);
    if (!checked.ok) return checked;
    const list = checked.value;
    const lastSequence = this.revocationSequences.get(list.issuer);
    if (lastSequence !== undefined && list.sequence <= lastSequence) {
      return fail(
        'revocation_sequence_stale',
        `revocation list ${list.sequence} of ${list.issuer} is stale`,
      );
    }
    this.revocationSequences.set(list.issuer, list.sequence);
    // Revocation is permanent: later lists can add entries or move a time earlier, never undo one.
    for (const entry of list.entries) {
      const revokedMs = parseTimestamp(entry.revokedAt)!;
      const known = this.revokedAt.get(entry.key);
      if (known === undefined || revokedMs < known) this.revokedAt.set(entry.key, revokedMs);
    }
    return ok(list);
  }

  /** An already accepted rotation with exactly this content (adding it again is a no-op). */
  private knownRotation(value: JsonValue): KeyRotation | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const { subject, id } = value;
    if (typeof subject !== 'string' || typeof id !== 'string') return undefined;
    const rotation = this.rotations.get(subject)?.find((entry) => entry.id === id);
    return rotation !== undefined &&
      canonicalJson(rotation as unknown as JsonValue) === canonicalJson(value)
      ? rotation
      : undefined;
  }
}
