/**
 * `mycel contract` as a user runs it: real child processes, a temporary MYCEL_HOME, the default
 * SQLite store under it. Keys are written with the CLI's own key-file code (no spawn each) and
 * named by key name on the command line. A buyer proposes per-kWh pricing to a producer with a
 * verifier and a dispute authority; each party accepts; an outsider's acceptance is refused with
 * its code and stores nothing; show replays the stored events. Eight spawns (two concurrent).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ContractEvent, contractTermsId, type JsonValue, replayContract } from '@mycel/kernel';
import { openContractStore } from '@mycel/store';
import { describe, expect, it } from 'vitest';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { cliWorkspace, jsonOf } from './cli-workspace.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { home, mycel, written, inWorkspace } = cliWorkspace('cli-contract');
const NAMES = ['buyer', 'producer', 'verifier', 'authority', 'outsider'] as const;
const dids = Object.fromEntries(
  NAMES.map((name) => {
    const key = generateKeyFile('ed25519');
    writeKeyFile(join(home, 'keys', `${name}.json`), key, false);
    return [name, key.did];
  }),
) as Record<(typeof NAMES)[number], string>;

describe('mycel contract', () => {
  let id = '';

  it('propose signs and stores a proposal from flags (or from --terms FILE) and prints its id', async () => {
    const terms = {
      federation: 'in.solar',
      mip: 'mip-enr/generation-interval@1.0.0',
      parties: [
        { did: dids.buyer, role: 'buyer' },
        { did: dids.producer, role: 'producer' },
        { did: dids.verifier, role: 'verifier' },
        { did: dids.authority, role: 'authority' },
      ],
      price: { minor: '650', currency: 'INR', unit: 'kWh' },
      thresholds: { pMin: 0.8, verifiersK: 1 },
      disputeAuthority: dids.authority,
      acceptBy: '2099-01-01T00:00:00Z',
      workBy: '2099-01-02T00:00:00Z',
      challengeWindowMs: 600_000,
      settleBy: '2099-01-03T00:00:00Z',
      milestones: [{ id: 'morning' }, { id: 'afternoon', quantityMax: '40' }],
      splits: [
        { party: dids.producer, role: 'owner', bps: 9500 },
        { party: dids.authority, role: 'protocol', bps: 500 },
      ],
    };
    const fromFile = mycel(
      'contract',
      'propose',
      '--key',
      join(home, 'keys', 'buyer.json'),
      '--terms',
      written('terms.json', JSON.stringify(terms)),
      '--db',
      inWorkspace('file-terms.db'),
      '--json',
    );
    const run = await mycel(
      'contract',
      'propose',
      '--key',
      'buyer',
      '--producer',
      'producer',
      '--verifier',
      'verifier',
      '--authority',
      dids.authority,
      '--price',
      '800',
      '--unit',
      'kWh',
      '--window',
      '1h',
    );
    expectSuccess(run);
    id = run.stdout.trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(existsSync(join(home, 'contracts.db'))).toBe(true);
    const proposed = jsonOf(await fromFile);
    expect(proposed).toMatchObject({
      ok: true,
      status: 'PROPOSED',
      termsId: contractTermsId(terms as never),
    });
    const store = await openContractStore({ sqlitePath: inWorkspace('file-terms.db') });
    const state = await store.state(proposed.contract, Date.UTC(2098, 0, 1));
    await store.close();
    expect(state).toMatchObject({ ok: true, value: { status: 'PROPOSED', terms } });
  });

  it('accept by each party makes it ACCEPTED; a non-party is refused and nothing is stored', async () => {
    const [first, outsider] = await Promise.all([
      mycel('contract', 'accept', id, '--key', 'buyer'),
      mycel('contract', 'accept', id, '--key', 'outsider'),
    ]);
    expectSuccess(first);
    expect(first.stdout).toBe(`contract ${id} PROPOSED; waiting for 3 more\n`);
    expectFailure(outsider, 'contract_event_signer_not_party');
    expect(outsider.stderr).toContain(dids.outsider);
    for (const party of ['producer', 'verifier'] as const) {
      expectSuccess(await mycel('contract', 'accept', id, '--key', party));
    }
    const last = jsonOf(await mycel('contract', 'accept', id, '--key', 'authority', '--json'));
    expect(last).toMatchObject({ ok: true, contract: id, status: 'ACCEPTED' });
    expect(last.acceptedBy).toEqual([dids.buyer, dids.producer, dids.verifier, dids.authority]);
  });

  it('show --json replays the stored events: state, terms, events, effects', async () => {
    const shown = jsonOf(await mycel('contract', 'show', id, '--json'));
    expect(shown).toMatchObject({ ok: true, contract: id, status: 'ACCEPTED', effects: [] });
    expect(shown.terms).toMatchObject({
      price: { minor: '800', currency: 'INR', unit: 'kWh' },
      thresholds: { pMin: 0.9, verifiersK: 1 },
      disputeAuthority: dids.authority,
      challengeWindowMs: 3_600_000,
      splits: [{ party: dids.producer, role: 'owner', bps: 10_000 }],
    });
    expect(shown.termsId).toBe(contractTermsId(shown.terms));
    const events = shown.events as ContractEvent[];
    expect(events.map((event) => [event.type, event.by])).toEqual([
      ['propose', dids.buyer],
      ['accept', dids.buyer],
      ['accept', dids.producer],
      ['accept', dids.verifier],
      ['accept', dids.authority],
    ]);
    expect(events[0]!.id).toBe(id);
    // What the CLI stored replays to the same state with the kernel alone.
    const replayed = replayContract(events as unknown as JsonValue[]);
    expect(replayed).toMatchObject({ ok: true, value: { status: 'ACCEPTED', contract: id } });
  });
});
