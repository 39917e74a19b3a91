/**
 * What the producer federation's run shows, stage by stage — Produce → Verify → Discover →
 * Coordinate → Settle — as one JSON object (in the devnet's `--json` summary, under
 * `production`) and as lines for people.
 */
import type { DisputeOutcome } from './dispute-peak.js';
import type { ProducerFiles } from './producer-files.js';

export interface ProducerRow {
  readonly name: string;
  readonly did: string;
  /** Proofs the gateway signed from the Modbus readings (night hours make none). */
  readonly proofs: number;
  readonly claimedWh: number;
  readonly accepted: number;
  readonly refused: number;
  /** Proofs the pack's audit sampling drew: their evidence disclosed under a challenge, assessed again. */
  readonly audited: number;
  /** Audits whose assessment from the disclosed bytes gave the same p. */
  readonly auditsConfirmed: number;
  /** Mean conservative p of its proofs. */
  readonly meanP: number;
  /** Why its proofs were refused: the policy's reasons and the MIP checks that weighed most. */
  readonly reasons: readonly string[];
}

export interface ProductionSummary {
  readonly federation: string;
  readonly site: { readonly label: string; readonly lat: number; readonly lon: number };
  readonly day: string;
  readonly producers: readonly ProducerRow[];
  readonly discover: {
    readonly adverts: number;
    /** Producers the buyer's search found, best first. */
    readonly found: readonly {
      readonly name: string;
      readonly did: string;
      readonly reputation: number;
      readonly meanConfidence: number | null;
      readonly priceMinor: string;
      readonly distanceKm: number | null;
    }[];
    /** Whether the honest microgrid meets the microgrid profile, and what it lacks if not. */
    readonly certified: boolean;
    readonly missing: readonly string[];
  };
  readonly coordinate: {
    readonly contract: string;
    readonly status: string;
    readonly events: number;
    readonly proofs: number;
    readonly verified: number;
    readonly refused: number;
    /** What the contract pays for: the verified evidence's conservative kWh. */
    readonly billableKWh: string;
    readonly windowEndsAt: string | null;
    /** The buyer's dispute of its peak hour inside the window, and how the authority resolved it. */
    readonly dispute: DisputeOutcome;
  };
  readonly settle: {
    readonly currency: string;
    readonly receipts: number;
    readonly amountMinor: string;
    /** The day's netting: one payout per party, and what the households, operator and protocol get. */
    readonly payouts: number;
    readonly ownersMinor: string;
    readonly operatorMinor: string;
    readonly protocolMinor: string;
  };
  /** Every proof either gateway signed, in the federation's transparency log. */
  readonly log: {
    readonly origin: string;
    readonly entries: number;
    /** The signed C2SP checkpoint covering the last proof. */
    readonly checkpoint: string;
  };
  /** Where the run left its stores and documents, for the `mycel` commands. */
  readonly files: ProducerFiles;
  readonly federationKey: string;
  readonly elapsedMs: number;
}

function rupees(minor: string): string {
  const value = BigInt(minor);
  return `₹${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

export function formatProduction(summary: ProductionSummary): string {
  const lines = [
    `producer federation ${summary.federation}: two 50 kW microgrids at ${summary.site.label}, ${summary.day}`,
  ];
  lines.push('Produce → Verify');
  for (const row of summary.producers) {
    lines.push(
      `  ${row.name}: ${row.proofs} proofs, ${(row.claimedWh / 1000).toFixed(1)} kWh claimed, ${row.accepted} accepted, ${row.refused} refused (mean p ${row.meanP.toFixed(3)}; ${row.audited} audited from disclosed evidence, ${row.auditsConfirmed} confirmed)`,
    );
    for (const reason of row.reasons) lines.push(`    refused: ${reason}`);
  }
  const { discover, coordinate, settle } = summary;
  lines.push(
    `Discover: ${discover.adverts} adverts; the buyer's search found ${discover.found.length}: ${discover.found.map((hit) => `${hit.name} (reputation ${hit.reputation.toFixed(2)}, ${rupees(hit.priceMinor)}/kWh)`).join(', ') || 'none'}; profile microgrid ${discover.certified ? 'certified' : `not certified: ${discover.missing.join('; ')}`}`,
  );
  lines.push(
    `Coordinate: contract ${coordinate.contract.slice(0, 19)}… ${coordinate.status} after ${coordinate.events} signed events; ${coordinate.verified} of ${coordinate.proofs} proofs verified, ${coordinate.billableKWh} kWh billable; the buyer disputed its peak hour and the authority ${coordinate.dispute.outcome === 'upheld' ? 'upheld it' : 'overturned it'} (p ${coordinate.dispute.p.toFixed(3)} from the disclosed evidence); challenge window closed ${coordinate.windowEndsAt ?? '-'}`,
  );
  lines.push(
    `Settle: ${settle.receipts} VCRs minted after the window, ${rupees(settle.amountMinor)}; netted into ${settle.payouts} payouts: households ${rupees(settle.ownersMinor)}, operator ${rupees(settle.operatorMinor)}, protocol ${rupees(settle.protocolMinor)}`,
  );
  lines.push(
    `Log: ${summary.log.entries} proofs in ${summary.log.origin}, signed checkpoint root ${summary.log.checkpoint.split('\n')[2] ?? ''}`,
  );
  lines.push(
    `Files: ${summary.files.folder} (registry, contracts, ledger, vault, log, policy-pack.json, proofs/, advert.json)`,
  );
  return lines.join('\n');
}
