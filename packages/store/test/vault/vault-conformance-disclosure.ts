/**
 * The evidence vault conformance suite, continued: opening challenges and disclosing evidence.
 * Every refusal is its own test with its code, and afterwards nothing has changed: no challenge
 * was opened (a disclosure under it is still refused) and no bytes left the vault.
 */
import type { JsonValue } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import type { EvidenceVault } from '../../src/vault/evidence-vault.js';
import type { Disclosure } from '../../src/vault/evidence-vault-types.js';
import type { FreshVault } from './vault-conformance.js';
import {
  asJson,
  CHALLENGE_TTL_MS,
  challenge,
  DAY_MS,
  evidenceBytes,
  HOUR_MS,
  MEDIA_TYPE,
  OTHER_VERIFIER,
  PACK,
  PRODUCER,
  policyPack,
  request,
  T0,
  VERIFIER,
} from './vault-fixtures.js';

const NOW = T0 + HOUR_MS;

async function expectCode(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toMatchObject({ name: 'StoreError', code });
}

export function describeDisclosureConformance(driver: string, fresh: FreshVault): void {
  async function withEvidence(disclosure: Disclosure = 'on-request') {
    const { vault } = await fresh();
    const input = {
      bytes: evidenceBytes(disclosure),
      mediaType: MEDIA_TYPE,
      disclosure,
      producer: PRODUCER.key.did,
      nowMs: T0,
    };
    const { entry } = await vault.put(input, PACK);
    return { vault, digest: entry.digest };
  }

  async function disclose(vault: EvidenceVault, digest: string, body: unknown, nowMs = NOW) {
    return vault.disclose({ digest, request: asJson(body), nowMs }, PACK);
  }

  /** The vault refuses `body` with `code`, logs the refusal, and gives no bytes. */
  async function expectRefused(vault: EvidenceVault, digest: string, body: unknown, code: string) {
    const before = (await vault.disclosureLog(digest)).length;
    const outcome = await disclose(vault, digest, body);
    expect(outcome).toMatchObject({ granted: false, code });
    expect('bytes' in outcome).toBe(false);
    const log = await vault.disclosureLog(digest);
    expect(log).toHaveLength(before + 1);
    expect(log.at(-1)).toMatchObject({ digest, granted: false, code, atMs: NOW });
  }

  describe(`evidence vault conformance (${driver}): challenges`, () => {
    it('opens a challenge signed by a dispute authority, once', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest] });
      expect(await vault.openChallenge(asJson(opened), PACK, NOW)).toEqual({
        id: opened.id,
        digests: [digest],
        verifiers: [VERIFIER.key.did],
        expiresAtMs: T0 + DAY_MS,
        duplicate: false,
      });
      const again = await vault.openChallenge(asJson(opened), PACK, NOW);
      expect(again.duplicate).toBe(true);
    });

    const refusals: [string, (digest: string) => unknown, string, JsonValue?][] = [
      [
        'a tampered challenge',
        (d) => ({ ...challenge({ digests: [d] }), reason: 'x' }),
        'challenge_invalid',
      ],
      [
        'another federation',
        (d) => challenge({ digests: [d], federation: 'de.bayern' }),
        'challenge_federation_mismatch',
      ],
      [
        'an authority the pack does not name',
        (d) => challenge({ digests: [d], authority: OTHER_VERIFIER.key.did }, OTHER_VERIFIER),
        'challenge_authority_unknown',
      ],
      [
        'a signature by someone else',
        (d) => challenge({ digests: [d] }, OTHER_VERIFIER),
        'challenge_signature_invalid',
      ],
      [
        'no signature',
        (d) => ({ ...challenge({ digests: [d] }), signatures: [] }),
        'challenge_signature_invalid',
      ],
      [
        'an expired challenge',
        (d) => challenge({ digests: [d], expiresAt: '2026-11-01T00:30:00Z' }),
        'challenge_expired',
      ],
      [
        'a challenge open too long',
        (d) =>
          challenge({ digests: [d], expiresAt: new Date(T0 + CHALLENGE_TTL_MS + 1).toISOString() }),
        'challenge_too_long',
      ],
      [
        'a future start that stretches it',
        (d) =>
          challenge({
            digests: [d],
            openedAt: '2026-11-05T00:00:00Z',
            expiresAt: '2026-11-11T00:00:00Z',
          }),
        'challenge_too_long',
      ],
      [
        'a digest the vault does not hold',
        (d) => challenge({ digests: [d, `sha256:${'0'.repeat(64)}`] }),
        'challenge_evidence_unknown',
      ],
    ];
    it.each(refusals)('refuses %s, and opens nothing', async (_name, make, code) => {
      const { vault, digest } = await withEvidence();
      const refused = make(digest) as { id: string };
      await expectCode(vault.openChallenge(asJson(refused), PACK, NOW), code);
      await expectRefused(
        vault,
        digest,
        request(digest, { challenge: refused.id }),
        'evidence_not_challenged',
      );
    });

    it('refuses any challenge under a pack without an evidence section', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest] });
      await expectCode(
        vault.openChallenge(asJson(opened), policyPack({ evidence: false }), NOW),
        'evidence_policy_missing',
      );
      await expectRefused(
        vault,
        digest,
        request(digest, { challenge: opened.id }),
        'evidence_not_challenged',
      );
    });
  });

  describe(`evidence vault conformance (${driver}): disclosure`, () => {
    it('gives public evidence to any signed request, and logs it', async () => {
      const { vault, digest } = await withEvidence('public');
      const body = request(digest, { verifier: OTHER_VERIFIER });
      const outcome = await disclose(vault, digest, body);
      expect(outcome.granted).toBe(true);
      if (!outcome.granted) return;
      expect(outcome.bytes).toEqual(evidenceBytes('public'));
      expect(outcome.mediaType).toBe(MEDIA_TYPE);
      expect(await vault.disclosureLog(digest)).toEqual([
        {
          sequence: outcome.log.sequence,
          digest,
          atMs: NOW,
          requester: OTHER_VERIFIER.key.did,
          request: body.id,
          challenge: null,
          granted: true,
          code: null,
        },
      ]);
    });

    it('gives on-request evidence to a verifier an open challenge assigns', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest] });
      await vault.openChallenge(asJson(opened), PACK, NOW);
      const outcome = await disclose(vault, digest, request(digest, { challenge: opened.id }));
      expect(outcome).toMatchObject({ granted: true, bytes: evidenceBytes('on-request') });
      expect((await vault.disclosureLog(digest)).at(-1)).toMatchObject({
        granted: true,
        requester: VERIFIER.key.did,
        challenge: opened.id,
        code: null,
      });
    });

    it('never gives private evidence, even under a challenge naming it', async () => {
      const { vault, digest } = await withEvidence('private');
      const opened = challenge({ digests: [digest] });
      await vault.openChallenge(asJson(opened), PACK, NOW);
      await expectRefused(
        vault,
        digest,
        request(digest, { challenge: opened.id }),
        'evidence_private',
      );
    });

    it('refuses on-request evidence without a challenge: evidence_not_challenged', async () => {
      const { vault, digest } = await withEvidence();
      await expectRefused(vault, digest, request(digest), 'evidence_not_challenged');
    });

    it('refuses a verifier the challenge does not assign: evidence_not_challenged', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest] });
      await vault.openChallenge(asJson(opened), PACK, NOW);
      const body = request(digest, { challenge: opened.id, verifier: OTHER_VERIFIER });
      await expectRefused(vault, digest, body, 'evidence_not_challenged');
    });

    it('refuses evidence the challenge does not name: evidence_not_challenged', async () => {
      const { vault, digest } = await withEvidence();
      const { entry } = await vault.put(
        {
          bytes: evidenceBytes('other'),
          mediaType: MEDIA_TYPE,
          disclosure: 'on-request',
          producer: 'p',
          nowMs: T0,
        },
        PACK,
      );
      const opened = challenge({ digests: [entry.digest] });
      await vault.openChallenge(asJson(opened), PACK, NOW);
      await expectRefused(
        vault,
        digest,
        request(digest, { challenge: opened.id }),
        'evidence_not_challenged',
      );
    });

    it('refuses after the challenge expired: challenge_expired', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest], expiresAt: '2026-11-01T01:00:00Z' });
      await vault.openChallenge(asJson(opened), PACK, T0);
      await expectRefused(
        vault,
        digest,
        request(digest, { challenge: opened.id }),
        'challenge_expired',
      );
    });

    it('refuses once the pack no longer trusts the authority: challenge_authority_unknown', async () => {
      const { vault, digest } = await withEvidence();
      const opened = challenge({ digests: [digest] });
      await vault.openChallenge(asJson(opened), PACK, NOW);
      const body = asJson(request(digest, { challenge: opened.id }));
      const outcome = await vault.disclose(
        { digest, request: body, nowMs: NOW },
        policyPack({ authority: false }),
      );
      expect(outcome).toMatchObject({ granted: false, code: 'challenge_authority_unknown' });
    });

    it.each([
      [
        'a request that is not one',
        () => ({ kind: 'disclosure-request' }),
        'disclosure_request_invalid',
      ],
      [
        'a request for another digest',
        () => request(`sha256:${'1'.repeat(64)}`),
        'disclosure_digest_mismatch',
      ],
      [
        'a request signed by another key',
        (d: string) => request(d, { signer: OTHER_VERIFIER }),
        'disclosure_signature_invalid',
      ],
      [
        'an unsigned request',
        (d: string) => ({ ...request(d), signatures: [] }),
        'disclosure_signature_invalid',
      ],
      [
        'a request from yesterday',
        (d: string) => request(d, { atMs: NOW - DAY_MS }),
        'disclosure_request_stale',
      ],
    ])('refuses %s with %s', async (_name, make, code) => {
      const { vault, digest } = await withEvidence('public');
      await expectRefused(vault, digest, make(digest), code);
    });

    it('refuses a digest the vault does not hold with evidence_unknown, and logs it', async () => {
      const { vault } = await fresh();
      const digest = `sha256:${'2'.repeat(64)}`;
      await expectRefused(vault, digest, request(digest), 'evidence_unknown');
    });

    it('pages the disclosure log in order, and refuses a bad page', async () => {
      const { vault, digest } = await withEvidence('public');
      for (let index = 0; index < 3; index++) await disclose(vault, digest, request(digest));
      const all = await vault.disclosureLog(digest);
      expect(all).toHaveLength(3);
      expect(await vault.disclosureLog(digest, all[0]!.sequence, 1)).toEqual([all[1]]);
      await expectCode(vault.disclosureLog(digest, -1), 'disclosure_log_invalid');
      await expectCode(vault.disclosureLog(digest, 0, 0), 'disclosure_log_invalid');
    });
  });
}
