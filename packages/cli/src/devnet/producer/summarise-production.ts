/** The producer federation's run, folded into its summary (production-summary.ts). */
import { accountOf, type ContractState } from '@mycel/kernel';
import type { ProfileCertification } from '@mycel/mips';
import { PRODUCER_DAY, PRODUCER_REASONS_SHOWN } from '../../limits.js';
import type { AuditOutcome } from './audit-proofs.js';
import type { Discovery } from './discover-producers.js';
import type { DisputeOutcome } from './dispute-peak.js';
import type { JudgedProof } from './judge-proofs.js';
import type { ProducerFiles } from './producer-files.js';
import { PRODUCER_LOG_ORIGIN } from './producer-log.js';
import type { Microgrid } from './producer-microgrids.js';
import { PRODUCER_SITE } from './producer-microgrids.js';
import { PRODUCER_FEDERATION } from './producer-pack.js';
import type { ProducerParties } from './producer-parties.js';
import type { ProducerRow, ProductionSummary } from './production-summary.js';
import type { Settlement } from './settle-receipts.js';

/** One example of each kind of reason (the text before its first colon), in first-seen order. */
function distinctReasons(judged: readonly JudgedProof[]): string[] {
  const byKind = new Map<string, string>();
  for (const reason of judged.flatMap((proof) => proof.reasons)) {
    const kind = reason.split(':')[0]!;
    if (!byKind.has(kind)) byKind.set(kind, reason);
  }
  return [...byKind.values()];
}

export function producerRow(
  microgrid: Microgrid,
  judged: readonly JudgedProof[],
  audits: readonly AuditOutcome[],
): ProducerRow {
  const reasons = distinctReasons(judged);
  return {
    name: microgrid.name,
    did: microgrid.signer.key.did,
    proofs: judged.length,
    claimedWh: Math.round(judged.reduce((sum, proof) => sum + proof.claimedWh, 0)),
    accepted: judged.filter((proof) => proof.accepted).length,
    refused: judged.filter((proof) => !proof.accepted).length,
    audited: audits.length,
    auditsConfirmed: audits.filter((audit) => audit.confirmed).length,
    meanP: judged.reduce((sum, proof) => sum + proof.p, 0) / Math.max(1, judged.length),
    reasons: reasons.slice(0, PRODUCER_REASONS_SHOWN),
  };
}

export interface ProductionFacts {
  readonly parties: ProducerParties;
  readonly rows: readonly ProducerRow[];
  /** did → the microgrid's name. */
  readonly names: ReadonlyMap<string, string>;
  readonly discovery: Discovery;
  readonly certification: ProfileCertification;
  readonly contract: ContractState;
  readonly dispute: DisputeOutcome;
  readonly settlement: Settlement;
  /** The transparency log after every proof was appended. */
  readonly logged: { readonly treeSize: number; readonly checkpoint: string };
  readonly files: ProducerFiles;
  /** The federation's did, which signed the pack (what `mycel policy check` asks for). */
  readonly federationKey: string;
  readonly elapsedMs: number;
}

export function summariseProduction(facts: ProductionFacts): ProductionSummary {
  const { parties, discovery, contract, settlement } = facts;
  const currency = settlement.plan.currency;
  const paid = (parties: readonly string[]) => {
    const accounts = new Set(parties.map((party) => accountOf(party, currency)));
    return settlement.plan.instructions
      .filter((instruction) => accounts.has(instruction.account))
      .reduce((sum, instruction) => sum + instruction.amount, 0n)
      .toString();
  };
  const milestone = contract.milestones[0];
  return {
    federation: PRODUCER_FEDERATION,
    site: { ...PRODUCER_SITE },
    day: PRODUCER_DAY,
    producers: facts.rows,
    discover: {
      adverts: discovery.published.length,
      found: discovery.hits.map((hit) => ({
        name: facts.names.get(hit.advert.producer) ?? hit.advert.producer,
        did: hit.advert.producer,
        reputation: hit.reputation,
        meanConfidence: hit.meanConfidence ?? null,
        priceMinor: hit.advert.price.minor,
        distanceKm: hit.distanceKm ?? null,
      })),
      certified: facts.certification.certified,
      missing: facts.certification.missing.map((entry) => `${entry.code}: ${entry.detail}`),
    },
    coordinate: {
      contract: contract.contract ?? '',
      status: contract.status,
      events: contract.eventCount,
      proofs: contract.proofs.length,
      verified: contract.proofs.filter((proof) => proof.status === 'verified').length,
      refused: contract.proofs.filter((proof) => proof.status === 'refused').length,
      billableKWh: milestone?.billableQuantity ?? '0',
      windowEndsAt: milestone?.windowEndsAt ?? null,
      dispute: facts.dispute,
    },
    settle: {
      currency,
      receipts: settlement.receipts.length,
      amountMinor: settlement.receipts
        .reduce((sum, receipt) => sum + BigInt(receipt.amount.minor), 0n)
        .toString(),
      payouts: settlement.plan.instructions.length,
      ownersMinor: paid(parties.owners.map((owner) => owner.party)),
      operatorMinor: paid([parties.operator.key.did]),
      protocolMinor: paid([parties.protocol.key.did]),
    },
    log: {
      origin: PRODUCER_LOG_ORIGIN,
      entries: facts.logged.treeSize,
      checkpoint: facts.logged.checkpoint,
    },
    files: facts.files,
    federationKey: facts.federationKey,
    elapsedMs: facts.elapsedMs,
  };
}
