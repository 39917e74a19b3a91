/**
 * One conformance suite for every evidence vault driver: whatever the database, puts, metadata,
 * retention, challenges and disclosures follow the same rules. Each driver's test file calls
 * describeEvidenceVaultConformance with a harness that makes fresh locations and opens vaults on
 * them. Challenges and disclosures continue in vault-conformance-disclosure.ts.
 */
import { digestOf } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceVault } from '../../src/vault/evidence-vault.js';
import { describeDisclosureConformance } from './vault-conformance-disclosure.js';
import {
  asJson,
  DAY_MS,
  type EvidenceVaultHarness,
  evidenceBytes,
  MEDIA_TYPE,
  PACK,
  PRODUCER,
  policyPack,
  RETENTION_DAYS,
  request,
  T0,
  VAULT_NAME,
} from './vault-fixtures.js';

export type FreshVault = () => Promise<{ vault: EvidenceVault; location: string }>;

/** A refusal: a StoreError with this code. */
export async function expectCode(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toMatchObject({ name: 'StoreError', code });
}

export function describeEvidenceVaultConformance(
  driver: string,
  harness: EvidenceVaultHarness,
): void {
  const opened: EvidenceVault[] = [];
  const fresh: FreshVault = async () => {
    const location = await harness.freshLocation();
    const vault = await harness.open(location, VAULT_NAME);
    opened.push(vault);
    return { vault, location };
  };
  afterAll(async () => {
    for (const vault of opened) await vault.close();
    await harness.cleanup();
  });

  describe(`evidence vault conformance (${driver}): storing`, () => {
    const put = (vault: EvidenceVault, label: string, extra: object = {}) =>
      vault.put(
        {
          bytes: evidenceBytes(label),
          mediaType: MEDIA_TYPE,
          disclosure: 'on-request',
          producer: PRODUCER.key.did,
          nowMs: T0,
          ...extra,
        },
        PACK,
      );

    it('returns the proof entry: digest, media type, vault and disclosure only', async () => {
      const { vault } = await fresh();
      const outcome = await put(vault, 'a');
      expect(outcome).toEqual({
        entry: {
          digest: digestOf(evidenceBytes('a')),
          mediaType: MEDIA_TYPE,
          vault: VAULT_NAME,
          disclosure: 'on-request',
        },
        duplicate: false,
      });
    });

    it('describes evidence by digest with metadata and retention from the pack, no bytes', async () => {
      const { vault } = await fresh();
      const { entry } = await put(vault, 'a');
      expect(await vault.describe(entry.digest)).toEqual({
        ...entry,
        producer: PRODUCER.key.did,
        byteLength: evidenceBytes('a').length,
        storedAtMs: T0,
        retainUntilMs: T0 + RETENTION_DAYS * DAY_MS,
        expiredAtMs: null,
      });
      expect(await vault.describe(digestOf(evidenceBytes('never stored')))).toBeUndefined();
    });

    it('is idempotent by digest: the same bytes again keep the first record', async () => {
      const { vault } = await fresh();
      const first = await put(vault, 'a');
      const again = await put(vault, 'a', { nowMs: T0 + DAY_MS, producer: 'device:other' });
      expect(again).toEqual({ entry: first.entry, duplicate: true });
      expect((await vault.describe(first.entry.digest))?.storedAtMs).toBe(T0);
    });

    it('keeps evidence across a restart', async () => {
      const { vault, location } = await fresh();
      const { entry } = await put(vault, 'a');
      await vault.close();
      const reopened = await harness.open(location, VAULT_NAME);
      opened.push(reopened);
      expect((await reopened.describe(entry.digest))?.mediaType).toBe(MEDIA_TYPE);
    });

    it('stores the same bytes once when two vaults on one location put them at once', async () => {
      const { vault, location } = await fresh();
      const second = await harness.open(location, VAULT_NAME);
      opened.push(second);
      const outcomes = await Promise.all(
        [vault, second, vault, second].map((each) => put(each, 'raced')),
      );
      expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.entry.digest)).size).toBe(1);
      expect((await vault.describe(outcomes[0]!.entry.digest))?.byteLength).toBe(
        evidenceBytes('raced').length,
      );
    });

    it('refuses the same bytes with another disclosure: evidence_conflict, first kept', async () => {
      const { vault } = await fresh();
      const { entry } = await put(vault, 'a');
      await expectCode(put(vault, 'a', { disclosure: 'public' }), 'evidence_conflict');
      expect((await vault.describe(entry.digest))?.disclosure).toBe('on-request');
    });

    it('refuses the same bytes with another media type: evidence_conflict', async () => {
      const { vault } = await fresh();
      const { entry } = await put(vault, 'a');
      await expectCode(put(vault, 'a', { mediaType: 'text/csv' }), 'evidence_conflict');
      expect((await vault.describe(entry.digest))?.mediaType).toBe(MEDIA_TYPE);
    });

    it.each([
      ['empty evidence', { bytes: new Uint8Array(0) }, 'evidence_record_invalid'],
      ['an empty producer', { producer: '' }, 'evidence_record_invalid'],
      ['a negative time', { nowMs: -1 }, 'evidence_record_invalid'],
      [
        'an upper-case media type',
        { mediaType: 'Application/JSON' },
        'evidence_media_type_invalid',
      ],
      ['a media type without subtype', { mediaType: 'application' }, 'evidence_media_type_invalid'],
      ['an unknown disclosure', { disclosure: 'friends' }, 'evidence_disclosure_invalid'],
    ])('refuses %s with %s and stores nothing', async (_name, extra, code) => {
      const { vault } = await fresh();
      await expectCode(put(vault, 'bad', extra), code);
      expect(await vault.describe(digestOf(evidenceBytes('bad')))).toBeUndefined();
    });

    it('refuses evidence over EVIDENCE_BYTES_MAX with evidence_too_large', async () => {
      const { vault } = await fresh();
      const bytes = new Uint8Array(16 * 1024 * 1024 + 1);
      await expectCode(put(vault, 'x', { bytes }), 'evidence_too_large');
      expect(await vault.describe(digestOf(bytes))).toBeUndefined();
    });

    it('refuses to store under a pack without an evidence section: evidence_policy_missing', async () => {
      const { vault } = await fresh();
      const bytes = evidenceBytes('a');
      const input = {
        bytes,
        mediaType: MEDIA_TYPE,
        disclosure: 'public' as const,
        producer: 'p',
        nowMs: T0,
      };
      await expectCode(
        vault.put(input, policyPack({ evidence: false })),
        'evidence_policy_missing',
      );
      expect(await vault.describe(digestOf(bytes))).toBeUndefined();
    });
  });

  describe(`evidence vault conformance (${driver}): retention`, () => {
    async function stored(vault: EvidenceVault, label: string, nowMs: number) {
      const input = {
        bytes: evidenceBytes(label),
        mediaType: MEDIA_TYPE,
        disclosure: 'public' as const,
        producer: PRODUCER.key.did,
        nowMs,
      };
      return (await vault.put(input, PACK)).entry.digest;
    }
    const retention = RETENTION_DAYS * DAY_MS;

    it('deletes the bytes once retention ends and keeps a tombstone', async () => {
      const { vault } = await fresh();
      const early = await stored(vault, 'early', T0);
      const late = await stored(vault, 'late', T0 + DAY_MS);
      expect(await vault.expire(T0 + retention - 1)).toEqual([]);
      expect(await vault.expire(T0 + retention)).toEqual([early]);
      expect(await vault.expire(T0 + retention)).toEqual([]);
      expect(await vault.describe(early)).toMatchObject({
        digest: early,
        expiredAtMs: T0 + retention,
        byteLength: evidenceBytes('early').length,
      });
      expect((await vault.describe(late))?.expiredAtMs).toBeNull();
    });

    it('refuses disclosure of expired evidence with evidence_expired, and logs it', async () => {
      const { vault } = await fresh();
      const digest = await stored(vault, 'old', T0);
      await vault.expire(T0 + retention);
      const atMs = T0 + retention + 1;
      const outcome = await vault.disclose(
        { digest, request: asJson(request(digest, { atMs })), nowMs: atMs },
        PACK,
      );
      expect(outcome).toMatchObject({ granted: false, code: 'evidence_expired' });
      expect((await vault.disclosureLog(digest)).map((entry) => entry.code)).toEqual([
        'evidence_expired',
      ]);
    });

    it('answers a put of expired bytes as a duplicate without storing them again', async () => {
      const { vault } = await fresh();
      const digest = await stored(vault, 'old', T0);
      await vault.expire(T0 + retention);
      expect(await stored(vault, 'old', T0 + retention + 1)).toBe(digest);
      expect((await vault.describe(digest))?.expiredAtMs).toBe(T0 + retention);
    });
  });

  describeDisclosureConformance(driver, fresh);
}
