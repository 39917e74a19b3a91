/**
 * A node's seed list and canopy (docs/spec/mmp-switching.md §1): bad options are refused before
 * anything starts (node_options_invalid), a coordinator outside the canopy is refused at the
 * challenge (coordinator_key_mismatch), a canopy member is accepted and remembered, and tickets
 * of every member verify.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorTrust } from '../src/node/coordinator-trust.js';
import { openNodeData } from '../src/node/node-data.js';
import { checkOptions, type NodeOptions, seedsOf } from '../src/node/node-options.js';
import { testSigner } from './support/coordinator-nodes.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'opengrid-node-switching-'));
  folders.push(path);
  return path;
}

const base: NodeOptions = { dataDir: '/nowhere', coordinatorUrl: 'http://127.0.0.1:7800' };

function refusal(options: Partial<NodeOptions>): string {
  try {
    checkOptions({ ...base, ...options });
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('seed list and canopy options', () => {
  it('puts coordinatorUrl first and drops duplicates', () => {
    expect(
      seedsOf({
        ...base,
        coordinators: ['http://127.0.0.1:7801/', 'http://127.0.0.1:7800', 'http://127.0.0.1:7801'],
      }),
    ).toEqual(['http://127.0.0.1:7800', 'http://127.0.0.1:7801']);
  });

  it('refuses a seed that is not an http(s) URL', () => {
    expect(refusal({ coordinators: ['ws://127.0.0.1:7801'] })).toBe('node_options_invalid');
    expect(refusal({ coordinators: ['not a url'] })).toBe('node_options_invalid');
  });

  it('refuses a seed list over SWITCH_COORDINATORS_MAX', () => {
    const many = Array.from({ length: 64 }, (_, index) => `http://127.0.0.1:${8000 + index}`);
    expect(refusal({ coordinators: many })).toBe('node_options_invalid');
  });

  it('refuses a trusted coordinator that is not a did:key', () => {
    expect(refusal({ trustedCoordinators: ['did:web:example.org'] })).toBe('node_options_invalid');
  });

  it('refuses switching timers out of range', () => {
    expect(refusal({ switchHoldDownMs: 999 })).toBe('node_options_invalid');
    expect(refusal({ seedProbeIntervalMs: 10 })).toBe('node_options_invalid');
    expect(refusal({ coordinatorLossGraceMs: 50 })).toBe('node_options_invalid');
    expect(refusal({ coordinatorLossGraceMs: 1.5 })).toBe('node_options_invalid');
    expect(
      refusal({ switchHoldDownMs: 1000, seedProbeIntervalMs: 50, coordinatorLossGraceMs: 100 }),
    ).toBe('accepted');
  });
});

describe('trusting a canopy', () => {
  const member = (n: number) => testSigner(n).key.did;
  const challenge = (coordinator: string) => ({
    t: 'challenge' as const,
    nonce: 'n'.repeat(43),
    grid: 'testgrid',
    coordinator,
  });

  function trust(canopy: string[]) {
    const dataDir = folder();
    const data = openNodeData({ dataDir, coordinatorUrl: 'http://127.0.0.1:7800' });
    return new CoordinatorTrust(data.settings, dataDir, pino({ enabled: false }), canopy);
  }

  it('refuses a coordinator outside the canopy with coordinator_key_mismatch', () => {
    const checked = trust([member(1), member(2)]).checkChallenge(challenge(member(3)));
    expect(checked.ok ? 'accepted' : checked.error.code).toBe('coordinator_key_mismatch');
  });

  it('accepts any member, remembers the one it met, and verifies tickets of all', () => {
    const canopy = trust([member(1), member(2)]);
    expect(canopy.checkChallenge(challenge(member(1))).ok).toBe(true);
    expect(canopy.settings.coordinatorDid).toBe(member(1));
    expect(canopy.checkChallenge(challenge(member(2))).ok).toBe(true);
    expect(canopy.settings.coordinatorDid).toBe(member(2));
    const tickets = canopy.tickets();
    expect(tickets?.coordinator.did).toBe(member(2));
    expect(tickets?.others?.map((key) => key.did)).toEqual([member(1)]);
    expect(canopy.isTrusted(member(1))).toBe(true);
    expect(canopy.isTrusted(member(3))).toBe(false);
  });

  it('without a canopy, a pinned coordinator still refuses any other key', () => {
    const pinned = trust([]);
    expect(pinned.checkChallenge(challenge(member(1))).ok).toBe(true);
    const other = pinned.checkChallenge(challenge(member(2)));
    expect(other.ok ? 'accepted' : other.error.code).toBe('coordinator_key_mismatch');
  });
});
