/**
 * policy: one policy-pack decision — the compiled pack looked up by id in the cache, then
 * decidePolicy over the built-in combination rule and the pack's CEL rules — on the example pack
 * of docs/spec/policy-packs.md (7 rules: 6 conditions and an audit-rate rule; k-of-n verifiers;
 * reputation and stake audit bands). Target: p99 < 50 µs (../shared/design/BENCHMARKS.md; Cedar's
 * paper reports 4–11 µs per decision).
 *
 *   npm run bench -- policy [--decisions 50000] [--uncached 2000] [--inputs 1000] [--seed 1]
 *
 * Inputs vary the way a verifier sees them: 80 % honest proofs that two or three verifier
 * anchors passed, the rest with 1–4 results from anchors and strangers, low p and
 * fail/inconclusive verdicts; four pinned MIPs and one the pack does not pin; reputations across
 * the bands; stakes from 0 to 5,000,000 minor units in INR or EUR. The baseline in the same run
 * is the uncached path: check the pack and parse + type-check every rule, then decide, for each
 * decision. Each decision is timed on its own with process.hrtime.bigint(); 5,000 decisions
 * warm up first and are not counted.
 */
import { parseArgs } from 'node:util';
import {
  buildPolicyPack,
  compilePolicy,
  compilePolicyUncached,
  decidePolicy,
  EXAMPLE_ENERGY_MIP,
  ed25519SignerFromSeed,
  examplePolicyPackFields,
  type PolicyInput,
} from '@mycel/kernel';
import { percentileUs, prng } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    decisions: { type: 'string', default: '50000' },
    uncached: { type: 'string', default: '2000' },
    inputs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
  },
});
const DECISIONS = Number(options.decisions);
const UNCACHED = Number(options.uncached);
const INPUTS = Number(options.inputs);
const SEED = Number(options.seed);
const WARM_UP = 5000;
const TARGET_P99_US = 50;

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const did = (fill: number) => ed25519SignerFromSeed(new Uint8Array(32).fill(fill)).key.did;

const anchors = [did(1), did(2), did(3)];
const strangers = [did(4), did(5)];
const producers = Array.from({ length: 20 }, (_, n) => did(10 + n));
const pack = buildPolicyPack(
  examplePolicyPackFields({
    federation: 'in.karnataka',
    issuedAt: '2026-11-01T00:00:00Z',
    verifiers: anchors,
  }),
);
const proofs = [
  { mip: EXAMPLE_ENERGY_MIP, unit: 'kWh' },
  { mip: EXAMPLE_ENERGY_MIP, unit: 'Wh' },
  { mip: 'mip-mfg/lot-conformance@1.0.0', unit: 'lot' },
  { mip: 'mip-hlt/hrv-short-term@1.0.0', unit: 'ms' },
  { mip: 'mip-agr/cold-chain-custody@1.0.0', unit: 'shipment' },
];

/** Most inputs are honest proofs two or three anchors passed; the rest fail in varied ways. */
function input(): PolicyInput {
  const proof = random() < 0.05 ? proofs[4]! : pick(proofs.slice(0, 4));
  const honest = random() < 0.8;
  const results = honest ? 2 + Math.floor(random() * 2) : 1 + Math.floor(random() * 4);
  const verifications = Array.from({ length: results }, (_, n) => ({
    verifier: honest || random() < 0.7 ? anchors[n % anchors.length]! : pick(strangers),
    p: honest ? 0.9 + random() * 0.1 : 0.5 + random() * 0.5,
    verdict: honest || random() < 0.6 ? ('pass' as const) : pick(['fail', 'inconclusive'] as const),
  }));
  const stakeMinor = random() < 0.1 ? 0 : Math.floor(random() ** 3 * 5_000_000);
  return {
    proof: {
      ...proof,
      value: random() < 0.02 ? 0 : random() * 10,
      p: honest ? 0.9 + random() * 0.1 : 0.5 + random() * 0.5,
    },
    verifications,
    producer: { did: pick(producers), reputation: random() },
    stake: { minor: String(stakeMinor), currency: random() < 0.7 ? 'INR' : 'EUR' },
  };
}
const inputs = Array.from({ length: INPUTS }, input);

const round = (value: number) => Number(value.toFixed(2));

const outcomes = new Map<string, number>();
function countOutcome(outcome: string): void {
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

/** Times `count` decisions one by one; `record` tallies outcomes of the cached path only. */
function measure(count: number, cached: boolean, record: boolean): Float64Array {
  const timings = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const decisionInput = inputs[n % inputs.length]!;
    const started = process.hrtime.bigint();
    const compiled = cached ? compilePolicy(pack) : compilePolicyUncached(pack);
    if (!compiled.ok) throw new Error(compiled.error.message);
    const decision = decidePolicy(compiled.value, decisionInput);
    timings[n] = Number(process.hrtime.bigint() - started);
    if (!record) continue;
    if (!decision.ok) countOutcome(decision.error.code);
    else
      countOutcome(
        decision.value.accepted ? 'accepted' : decision.value.reasons[0]!.split(':')[0]!,
      );
  }
  return timings;
}

process.stdout.write(
  `reproduce: npm run bench -- policy --decisions ${DECISIONS} --uncached ${UNCACHED} --inputs ${INPUTS} --seed ${SEED}\n`,
);
measure(WARM_UP, true, false);
measure(Math.min(WARM_UP, UNCACHED), false, false);
const cachedTimings = measure(DECISIONS, true, true);
const uncachedTimings = measure(UNCACHED, false, false);
const cachedTotalNs = cachedTimings.reduce((sum, value) => sum + value, 0);
const uncachedTotalNs = uncachedTimings.reduce((sum, value) => sum + value, 0);
cachedTimings.sort();
uncachedTimings.sort();

const decisionsPerSec = Math.round(DECISIONS / (cachedTotalNs / 1e9));
const uncachedDecisionsPerSec = Math.round(UNCACHED / (uncachedTotalNs / 1e9));
const p50Us = percentileUs(cachedTimings, 0.5);
const p99Us = percentileUs(cachedTimings, 0.99);
process.stdout.write(
  `cached: ${DECISIONS} decisions, ${decisionsPerSec}/s, p50 ${p50Us.toFixed(1)} µs, p99 ${p99Us.toFixed(1)} µs, ` +
    `p99.9 ${percentileUs(cachedTimings, 0.999).toFixed(1)} µs (target p99 < ${TARGET_P99_US} µs)\n` +
    `uncached (check pack + parse + type-check ${pack.rules!.length} rules + decide): ${UNCACHED} decisions, ` +
    `${uncachedDecisionsPerSec}/s, p50 ${percentileUs(uncachedTimings, 0.5).toFixed(1)} µs, ` +
    `p99 ${percentileUs(uncachedTimings, 0.99).toFixed(1)} µs\n` +
    `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'policy',
    rules: pack.rules!.length,
    decisionsPerSec,
    p50Us: round(p50Us),
    p99Us: round(p99Us),
    p999Us: round(percentileUs(cachedTimings, 0.999)),
    uncachedDecisionsPerSec,
    uncachedP50Us: round(percentileUs(uncachedTimings, 0.5)),
    uncachedP99Us: round(percentileUs(uncachedTimings, 0.99)),
    ratio: round(decisionsPerSec / uncachedDecisionsPerSec),
    targetP99Us: TARGET_P99_US,
    accepted: outcomes.get('accepted') ?? 0,
    decisions: DECISIONS,
    uncached: UNCACHED,
    inputs: INPUTS,
    seed: SEED,
    node: process.version,
  })}\n`,
);
