import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyCache } from './policy-cache.js';
import { PACK, packWithRules } from './policy-test-support.js';

const versions = [1, 2, 3].map((version) =>
  packWithRules([{ name: 'accept', expression: 'true' }], version),
);

describe('PolicyCache', () => {
  it('compiles a pack once and answers the same compiled policy for its id', () => {
    const cache = new PolicyCache();
    const first = cache.compile(PACK);
    const second = cache.compile(structuredClone(PACK));
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('holds at most its capacity and drops the least recently used pack', () => {
    const cache = new PolicyCache(2);
    const [one, two, three] = versions.map((pack) => pack);
    const compiledOne = cache.compile(one!);
    cache.compile(two!);
    cache.compile(one!); // one is now the most recently used
    cache.compile(three!); // so two is dropped
    expect(cache.size).toBe(2);
    const again = cache.compile(one!);
    expect(compiledOne.ok && again.ok && again.value === compiledOne.value).toBe(true);
    const twoAgain = cache.compile(two!);
    expect(twoAgain.ok).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('does not cache a pack whose rule does not compile', () => {
    const cache = new PolicyCache();
    const broken = packWithRules([{ name: 'broken', expression: '1 +' }]);
    expect(cache.compile(broken)).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_invalid' },
    });
    expect(cache.size).toBe(0);
  });

  it('keeps what it compiled when the caller changes its object afterwards', () => {
    const cache = new PolicyCache();
    const mine = structuredClone(PACK);
    const compiled = cache.compile(mine);
    mine.acceptance!.verifiersK = 1;
    expect(compiled.ok && compiled.value.pack.acceptance?.verifiersK).toBe(2);
  });

  it('compilePolicy shares one cache across callers', () => {
    const first = compilePolicy(PACK);
    const second = compilePolicy(PACK);
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
  });
});
