/**
 * The `mycel registry` commands as a producer and a buyer run them, as child processes on a
 * registry file under their MYCEL_HOME: a producer builds and signs its advert, publishes it,
 * its verified outcomes are recorded, and a buyer finds it by MIP, place, confidence and price.
 * An advert another key signed, and a query that carries SQL, are refused with their codes and
 * leave the registry as it was.
 */
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  contentId,
  withSignature,
} from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { readSigner } from '../src/key-file.js';
import { cliWorkspace, jsonOf, MIP, readJson } from './cli-workspace.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { mycel, inWorkspace, keyFile, written } = cliWorkspace('cli-registry');

describe('mycel registry', () => {
  const solar = keyFile('solar');
  const mallory = keyFile('mallory');
  const advertFile = inWorkspace('advert.json');

  it('builds, signs and publishes an advert; records outcomes; finds it', async () => {
    expectSuccess(
      await mycel(
        'registry',
        'advert',
        '--key',
        solar.path,
        '--federation',
        'in.karnataka',
        '--mip',
        MIP,
        '--interface',
        'modbus-tcp-sunspec',
        '--profile',
        'microgrid',
        '--lat',
        '12.9716',
        '--lon',
        '77.5946',
        '--label',
        'Bengaluru',
        '--price',
        '850',
        '--currency',
        'INR',
        '--unit',
        'kWh',
        '--out',
        advertFile,
      ),
    );
    const advert = readJson(advertFile) as CapabilityAdvert;
    expect(advert).toMatchObject({ kind: 'capability', producer: solar.did, mips: [MIP] });

    const published = await mycel('registry', 'publish', advertFile);
    expectSuccess(published);
    expect(published.stdout).toMatch(new RegExp(`^published ${advert.id}$`, 'm'));

    const outcome = (n: number, p: number) => ({
      proofId: contentId({ proof: n }),
      producer: solar.did,
      mip: MIP,
      accepted: true,
      p,
      at: '2026-11-28T10:00:00Z',
    });
    const outcomes = written('outcomes.json', JSON.stringify([outcome(1, 0.96), outcome(2, 0.98)]));
    const recorded = await mycel('registry', 'record', outcomes);
    expectSuccess(recorded);
    expect(recorded.stdout).toBe('recorded 2, updated 0, already recorded 0\n');

    const found = jsonOf(
      await mycel(
        'registry',
        'search',
        '--mip',
        MIP,
        '--near',
        '12.97,77.59',
        '--radius-km',
        '25',
        '--min-confidence',
        '0.95',
        '--max-price',
        '900',
        '--currency',
        'INR',
        '--limit',
        '5',
        '--json',
      ),
    );
    expect(found.hits).toHaveLength(1);
    const [hit] = found.hits;
    expect(hit.advert).toEqual(advert);
    expect(hit.trackRecord).toMatchObject({ accepted: 2, refused: 0 });
    expect(hit.meanConfidence).toBeCloseTo(0.97, 9);
    expect(hit.distanceKm).toBeLessThan(1);
    expect(hit.reputation).toBeGreaterThan(0.05);
  });

  it('refuses an advert its producer did not sign: capability_signature_invalid', async () => {
    const advert = readJson(advertFile) as CapabilityAdvert;
    const { id: _id, signatures: _signatures, v: _v, kind: _kind, ...fields } = advert;
    const forged = withSignature(
      buildCapabilityAdvert({ ...fields, price: { ...fields.price, minor: '1' } }),
      CAPABILITY_KIND,
      readSigner(mallory.path),
    );
    const file = written('forged.json', JSON.stringify(forged));
    expectFailure(await mycel('registry', 'publish', file), 'capability_signature_invalid');
  });

  it('refuses SQL in a query: registry_query_invalid, and the advert is still found', async () => {
    expectFailure(
      await mycel('registry', 'search', '--mip', "' OR 1=1 --", '--currency', 'INR'),
      'registry_query_invalid',
    );
    const after = jsonOf(await mycel('registry', 'search', '--json'));
    expect(after.hits.map((hit: { advert: CapabilityAdvert }) => hit.advert.price.minor)).toEqual([
      '850',
    ]);
  });
});
