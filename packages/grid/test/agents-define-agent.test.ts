import { describe, expect, it } from 'vitest';
import { BUILTIN_AGENTS } from '../src/agents/builtin-agents.js';
import {
  checkAgentDefinition,
  checkAgentName,
  checkAgentVersion,
  defineAgent,
} from '../src/agents/define-agent.js';
import { measureJson } from '../src/agents/measure-json.js';

const agent = {
  name: 'counter',
  version: '1.0.0',
  init: () => ({ count: 0 }),
  onTurn: (state: { count: number }) => ({ count: state.count + 1 }),
};

describe('defineAgent', () => {
  it('returns a valid definition as it is', () => {
    expect(defineAgent(agent)).toBe(agent);
  });

  it.each(['tutor', 'a', 'voice-2', `a${'b'.repeat(62)}`])('accepts the name %s', (name) => {
    expect(checkAgentName(name).ok).toBe(true);
  });

  it.each(['', 'Tutor', '2fast', '-x', 'a_b', 'a.b', '../etc', 'a b', `a${'b'.repeat(63)}`])(
    'refuses the name %j',
    (name) => {
      expect(checkAgentName(name)).toMatchObject({
        ok: false,
        error: { code: 'agent_name_invalid' },
      });
      expect(() => defineAgent({ ...agent, name })).toThrow(/agent_name_invalid/);
    },
  );

  it.each(['0.1.0', '1.2.3', '10.20.30-beta.1', '1.0.0+build.7', '1.0.0-rc.1+sha.5'])(
    'accepts the version %s',
    (version) => {
      expect(checkAgentVersion(version).ok).toBe(true);
    },
  );

  it.each(['1', '1.2', '01.2.3', '1.2.3.4', 'v1.2.3', '1.2.3-', '', `1.2.3-${'a'.repeat(64)}`])(
    'refuses the version %j',
    (version) => {
      expect(checkAgentVersion(version)).toMatchObject({
        ok: false,
        error: { code: 'agent_version_invalid' },
      });
    },
  );

  it('refuses values that are not agents', () => {
    for (const value of [
      null,
      42,
      'agent',
      { ...agent, init: 'no' },
      { ...agent, onTurn: undefined },
    ]) {
      expect(checkAgentDefinition(value)).toMatchObject({ ok: false });
    }
    expect(checkAgentDefinition({ ...agent, onTurn: 1 })).toMatchObject({
      error: { code: 'agent_definition_invalid' },
    });
  });

  it('registers the four built-in agents under their names', () => {
    expect([...BUILTIN_AGENTS.keys()].sort()).toEqual(['burn', 'chat', 'tutor', 'voice']);
    for (const [name, definition] of BUILTIN_AGENTS) {
      expect(definition.name).toBe(name);
      expect(checkAgentDefinition(definition).ok).toBe(true);
    }
  });
});

describe('measureJson', () => {
  it('measures plain JSON', () => {
    expect(measureJson({ a: [1, 'x', null, true] }, 100)).toBe(
      JSON.stringify({ a: [1, 'x', null, true] }).length,
    );
  });

  it('refuses what JSON would lose or change', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    for (const value of [
      undefined,
      () => 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      { when: new Date(0) },
      [1, undefined],
      { big: 1n },
      new Map(),
      cyclic,
    ]) {
      expect(measureJson(value, 1000)).toBeUndefined();
    }
  });

  it('refuses JSON longer or deeper than allowed', () => {
    expect(measureJson('x'.repeat(10), 12)).toBe(12);
    expect(measureJson('x'.repeat(10), 11)).toBeUndefined();
    let deep: unknown = 0;
    for (let depth = 0; depth < 40; depth++) deep = [deep];
    expect(measureJson(deep, 1000)).toBeUndefined();
  });
});
