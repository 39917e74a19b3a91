/**
 * The five profile data files: each matches the schema, and everything it names — MIP ids,
 * evidence roles, their media types, interfaces — exists in this build, so a profile cannot drift
 * from the MIP modules. Each kind of drift is refused with profile_invalid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import {
  checkProfile,
  loadProfile,
  PRODUCTION_PROFILES,
  PROFILE_IDS,
  PROFILE_INTERFACES,
  ProductionProfileSchema,
  REALITY_MIPS,
} from '../../src/index.js';

const FOLDER = new URL('../../profiles/', import.meta.url);
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.json'));
const onDisk = (name: string) => JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8'));
const schema = TypeCompiler.Compile(ProductionProfileSchema);

describe('the profile data files', () => {
  it('are the five profiles, one file each, named after its id', () => {
    expect(files.sort()).toEqual(PROFILE_IDS.map((id) => `${id}.json`).sort());
    expect(PRODUCTION_PROFILES.map((profile) => profile.id)).toEqual([...PROFILE_IDS]);
    expect(ProductionProfileSchema.$id).toBe(
      'https://mycel.dev/schemas/production-profile-v1.json',
    );
  });

  it.each(PROFILE_IDS)('%s matches the schema and loads as it is on disk', (id) => {
    const value = onDisk(`${id}.json`);
    expect([...schema.Errors(value)]).toEqual([]);
    expect(value.id).toBe(id);
    expect(checkProfile(value)).toEqual({ ok: true, value });
    expect(loadProfile(id)).toEqual({ ok: true, value });
  });

  it.each(PROFILE_IDS)('%s names only MIPs, roles, media types and interfaces that exist', (id) => {
    const profile = onDisk(`${id}.json`);
    for (const entry of profile.mips) {
      const module = REALITY_MIPS.find((candidate) => candidate.id === entry.mip);
      expect(module, entry.mip).toBeDefined();
      for (const evidence of entry.evidence) {
        expect(module!.evidence).toContainEqual(expect.objectContaining(evidence));
      }
      for (const role of module!.evidence.filter((candidate) => candidate.required)) {
        expect(entry.evidence.map((evidence: { role: string }) => evidence.role)).toContain(
          role.role,
        );
      }
    }
    for (const name of profile.interfaces) expect(Object.keys(PROFILE_INTERFACES)).toContain(name);
  });

  it('cover every MIP this build ships', () => {
    const named = new Set(
      PRODUCTION_PROFILES.flatMap((profile) => profile.mips.map((entry) => entry.mip)),
    );
    expect([...named].sort()).toEqual(REALITY_MIPS.map((module) => module.id).sort());
  });
});

describe('checkProfile refuses drift', () => {
  const base = () => onDisk('microgrid.json');

  function refused(value: unknown, path: string) {
    const checked = checkProfile(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe('profile_invalid');
      expect(checked.error.path).toBe(path);
    }
  }

  it('a MIP id no module has (another version)', () => {
    const value = base();
    value.mips[0].mip = 'mip-enr/generation-interval@2.0.0';
    refused(value, '/mips/0/mip');
  });

  it('an evidence role the module does not have', () => {
    const value = base();
    value.mips[0].evidence[1].role = 'smart-meter';
    refused(value, '/mips/0/evidence/1');
  });

  it('a role under another media type than its module gives it', () => {
    const value = base();
    value.mips[0].evidence[0].mediaType = 'application/json';
    refused(value, '/mips/0/evidence/0/mediaType');
  });

  it('leaving out a role the module requires', () => {
    const value = base();
    value.mips[0].evidence = value.mips[0].evidence.slice(1);
    refused(value, '/mips/0/evidence');
  });

  it('the same MIP twice', () => {
    const value = base();
    value.mips.push(value.mips[0]);
    refused(value, '/mips/1');
  });

  it('an interface nobody defined', () => {
    const value = base();
    value.interfaces.push('modbus-rtu');
    refused(value, `/interfaces/${value.interfaces.length - 1}`);
  });

  it('a field the schema does not have, and a cadence of zero', () => {
    refused({ ...base(), owner: 'someone' }, '/owner');
    const value = base();
    value.mips[0].cadence.atLeast = 0;
    refused(value, '/mips/0/cadence/atLeast');
  });

  it('an unknown id is profile_unknown, naming the known ones', () => {
    const loaded = loadProfile('microbrewery');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('profile_unknown');
      expect(loaded.error.message).toContain('microgrid, microfactory');
    }
  });
});
