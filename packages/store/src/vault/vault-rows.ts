/** Rows of the vault tables as both drivers read them, turned into the vault's types. */
import type { DisclosureLogEntry, EvidenceDescription } from './evidence-vault-types.js';

/** SQLite gives numbers, pg gives BIGINT as strings; the vault writes only safe integers. */
type Whole = number | string;

export interface ItemRow {
  digest: string;
  media_type: string;
  vault: string;
  disclosure: string;
  producer: string;
  byte_length: Whole;
  stored_at_ms: Whole;
  retain_until_ms: Whole;
  expired_at_ms: Whole | null;
}

export interface DisclosureRow {
  sequence: Whole;
  digest: string;
  at_ms: Whole;
  requester: string | null;
  request: string | null;
  challenge: string | null;
  granted: Whole;
  code: string | null;
}

export const ITEM_COLUMNS =
  'digest, media_type, vault, disclosure, producer, byte_length, stored_at_ms, retain_until_ms, expired_at_ms';
export const DISCLOSURE_COLUMNS =
  'sequence, digest, at_ms, requester, request, challenge, granted, code';

export function descriptionOf(row: ItemRow): EvidenceDescription {
  return {
    digest: row.digest,
    mediaType: row.media_type,
    vault: row.vault,
    disclosure: row.disclosure as EvidenceDescription['disclosure'],
    producer: row.producer,
    byteLength: Number(row.byte_length),
    storedAtMs: Number(row.stored_at_ms),
    retainUntilMs: Number(row.retain_until_ms),
    expiredAtMs: row.expired_at_ms === null ? null : Number(row.expired_at_ms),
  };
}

export function itemValues(description: EvidenceDescription): (string | number | null)[] {
  return [
    description.digest,
    description.mediaType,
    description.vault,
    description.disclosure,
    description.producer,
    description.byteLength,
    description.storedAtMs,
    description.retainUntilMs,
    description.expiredAtMs,
  ];
}

export function disclosureOf(row: DisclosureRow): DisclosureLogEntry {
  return {
    sequence: Number(row.sequence),
    digest: row.digest,
    atMs: Number(row.at_ms),
    requester: row.requester,
    request: row.request,
    challenge: row.challenge,
    granted: Number(row.granted) === 1,
    code: row.code,
  };
}
