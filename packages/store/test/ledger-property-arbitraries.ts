/**
 * Random ledger histories for the property tests: a handful of receipt templates (random
 * amounts up to the kernel's 38 digits, random split tables and NodeCo share tables, a payer with
 * or without credit, INR or EUR, sometimes a proof shared with another template) and a sequence
 * of operations over them: mints, retries, batched mints, reversals, payouts planned and
 * confirmed at once or later, funding, and crashes (close and reopen).
 */
import { contentId, type Holding, type Receipt, type ReceiptSplit } from '@mycel/kernel';
import fc from 'fast-check';
import { PARTY, testReceipt } from './ledger-fixtures.js';

export interface Template {
  readonly receipt: Receipt;
  readonly holdings: readonly Holding[];
}

export type Operation =
  | { readonly kind: 'mint'; readonly template: number }
  | { readonly kind: 'mintMany'; readonly templates: readonly number[] }
  /** `template` names a template; `known` (when set) one of the receipts minted so far. */
  | { readonly kind: 'reverse'; readonly template: number; readonly known: number | null }
  | {
      readonly kind: 'payout';
      readonly currency: string;
      readonly from: number;
      readonly span: number;
      readonly confirm: boolean;
    }
  | { readonly kind: 'confirmPlanned'; readonly plan: number }
  | { readonly kind: 'fund'; readonly currency: string; readonly amount: bigint }
  | { readonly kind: 'crash' };

export interface History {
  readonly templates: readonly Template[];
  readonly operations: readonly Operation[];
}

export const TEMPLATES_MAX = 5;
export const CURRENCIES = ['INR', 'EUR'] as const;
/** Mint times are 10 × the operation's index; windows are drawn over that range (in steps). */
export const TIME_STEP_MS = 10;

const PAYEES = [PARTY.node, PARTY.operator, PARTY.protocol, PARTY.ownerA] as const;
const OWNERS = [PARTY.ownerA, PARTY.ownerB, PARTY.ownerC] as const;

const amountArbitrary = fc.oneof(
  { weight: 15, arbitrary: fc.bigInt(0n, 5_000n) },
  { weight: 1, arbitrary: fc.bigInt(0n, 10n ** 38n - 1n) },
);

/** 1–4 distinct payees with positive basis points summing to 10,000; the node is the owner. */
const splitsArbitrary = fc.subarray([...PAYEES], { minLength: 1 }).chain((parties) =>
  fc
    .array(fc.integer({ min: 1, max: 100 }), {
      minLength: parties.length,
      maxLength: parties.length,
    })
    .map((weights) => toSplits(parties, weights)),
);

function toSplits(parties: readonly string[], weights: readonly number[]): ReceiptSplit[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const bps = weights.map((weight) => Math.max(1, Math.floor((weight * 10_000) / total)));
  bps[0]! += 10_000 - bps.reduce((sum, part) => sum + part, 0);
  if (bps[0]! < 1) return [{ party: parties[0]!, role: 'payee', bps: 10_000 }];
  return parties.map((party, index) => ({
    party,
    role: party === PARTY.node ? 'owner' : 'payee',
    bps: bps[index]!,
  }));
}

const holdingsArbitrary = fc
  .subarray([...OWNERS])
  .chain((owners) =>
    fc
      .array(fc.bigInt(1n, 10n), { minLength: owners.length, maxLength: owners.length })
      .map((shares) => owners.map((party, index) => ({ party, shares: shares[index]! }))),
  );

function templatesArbitrary(salt: string) {
  return fc
    .array(
      fc.record({
        amount: amountArbitrary,
        splits: splitsArbitrary,
        holdings: holdingsArbitrary,
        prepaid: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        currency: fc.constantFrom(...CURRENCIES),
        sharesProofWithFirst: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: TEMPLATES_MAX },
    )
    .map((drawn) =>
      drawn.map((fields, index): Template => {
        const own = contentId({ salt, proof: index });
        const first = contentId({ salt, proof: 0 });
        const proofs = index > 0 && fields.sharesProofWithFirst ? [own, first] : [own];
        return {
          receipt: testReceipt(`${salt}-${index}`, {
            amount: fields.amount,
            currency: fields.currency,
            payer: fields.prepaid ? PARTY.prepaid : PARTY.payer,
            splits: fields.splits,
            proofs,
          }),
          holdings: fields.holdings,
        };
      }),
    );
}

function operationArbitrary(templates: number, steps: number): fc.Arbitrary<Operation> {
  const template = fc.integer({ min: 0, max: templates - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: template.map((t) => ({ kind: 'mint' as const, template: t })) },
    {
      weight: 2,
      arbitrary: fc
        .array(template, { minLength: 1, maxLength: 4 })
        .map((ts) => ({ kind: 'mintMany' as const, templates: ts })),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('reverse' as const),
        template,
        known: fc.option(fc.nat(TEMPLATES_MAX - 1), { freq: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('payout' as const),
        currency: fc.constantFrom(...CURRENCIES),
        from: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: steps })),
        span: fc.integer({ min: 1, max: steps + 1 }),
        confirm: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.nat(9).map((plan) => ({ kind: 'confirmPlanned' as const, plan })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('fund' as const),
        currency: fc.constantFrom(...CURRENCIES),
        amount: fc.bigInt(1n, 20_000n),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
  );
}

/** Histories of up to `operations` steps; `salt` keeps proofs of different runs apart. */
export function historyArbitrary(operations: number): fc.Arbitrary<History> {
  return fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      minLength: 8,
      maxLength: 8,
    })
    .chain((salt) => templatesArbitrary(salt))
    .chain((templates) =>
      fc
        .array(operationArbitrary(templates.length, operations), {
          minLength: 3,
          maxLength: operations,
          size: 'max',
        })
        .map((ops) => ({ templates, operations: ops })),
    );
}
