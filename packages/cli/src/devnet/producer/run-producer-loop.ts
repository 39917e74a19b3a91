/**
 * The producer federation's day (issue 8, item 6), in-process and on a simulated clock so a day
 * runs in seconds: two microgrids at Chennai produce over Modbus TCP from sunrise; the morning's
 * proofs are verified and decided by the federation's pack, building each microgrid's track
 * record; at ten the buyer searches the registry and finds the honest one only; they sign a
 * contract at ₹8/kWh; the afternoon's proofs are evidence under it and each is verified; when the
 * challenge window has passed, the contract's receipts are minted and netted into payouts — 70 %
 * to the households that own the microgrid.
 */

import { type ProducedDay, produceDay } from '@mycel/ingest';
import type { JsonValue, MintVcrEffect, PolicyPack, Proof, Signer } from '@mycel/kernel';
import { certifyProducer, loadProfile } from '@mycel/mips';
import {
  type EvidenceVault,
  openCapabilityRegistry,
  openContractStore,
  openEvidenceVault,
  openLedgerStore,
} from '@mycel/store';
import {
  PRODUCER_CHEAT_PRICE_MINOR,
  PRODUCER_CONTRACT_HOURS,
  PRODUCER_DAY,
  PRODUCER_MORNING_FIRST_HOUR,
  PRODUCER_MORNING_HOURS,
  PRODUCER_PRICE_MINOR,
} from '../../limits.js';
import { type AuditOutcome, auditProof } from './audit-proofs.js';
import { reportEvidence, signContract } from './coordinate-contract.js';
import { discoverProducers } from './discover-producers.js';
import { disputePeak } from './dispute-peak.js';
import { type JudgedProof, judgeProofs } from './judge-proofs.js';
import { producerFailure } from './producer-failure.js';
import {
  clearProducerFolder,
  type ProducerFiles,
  producerFiles,
  writeProducerFiles,
} from './producer-files.js';
import { logProofs, openProducerLog, type ProducerLog } from './producer-log.js';
import {
  type Microgrid,
  PRODUCER_INTERVAL_MS,
  PRODUCER_SITE,
  startMicrogrids,
} from './producer-microgrids.js';
import { PRODUCER_FEDERATION, producerPolicy } from './producer-pack.js';
import { producerParties } from './producer-parties.js';
import type { ProductionSummary } from './production-summary.js';
import { settleReceipts } from './settle-receipts.js';
import { producerRow, summariseProduction } from './summarise-production.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The name proofs give the vault their evidence is in. */
const VAULT_NAME = 'vault.solar-coop.devnet';

export interface ProducerLoopOptions {
  /** The devnet's folder for the vault, registry, contract store, ledger and written files; emptied first. */
  readonly dataDir: string;
  readonly progress?: (line: string) => void;
}

interface Stores {
  readonly vault: EvidenceVault;
  readonly log: ProducerLog;
  readonly registry: Awaited<ReturnType<typeof openCapabilityRegistry>>;
  readonly contracts: Awaited<ReturnType<typeof openContractStore>>;
  readonly ledger: Awaited<ReturnType<typeof openLedgerStore>>;
}

async function openStores(files: ProducerFiles, logSigner: Signer): Promise<Stores> {
  return {
    vault: await openEvidenceVault({ name: VAULT_NAME, sqlitePath: files.vault }),
    log: await openProducerLog(files.log, logSigner),
    registry: await openCapabilityRegistry({ sqlitePath: files.registry }),
    contracts: await openContractStore({ sqlitePath: files.contracts }),
    ledger: await openLedgerStore({ sqlitePath: files.ledger }),
  };
}

async function produceHours(
  microgrid: Microgrid,
  hours: { readonly first: number; readonly count: number },
  context: {
    readonly vault: EvidenceVault;
    readonly pack: PolicyPack;
    readonly verifier: Signer;
    readonly contract?: string;
  },
): Promise<ProducedDay> {
  const day = await produceDay({
    clock: microgrid.grid.site,
    source: microgrid.grid.reader,
    date: PRODUCER_DAY,
    intervalMs: PRODUCER_INTERVAL_MS,
    firstInterval: hours.first,
    intervals: hours.count,
    device: microgrid.grid.device,
    signer: microgrid.signer,
    vault: context.vault,
    pack: context.pack,
    verifier: context.verifier,
    ...(context.contract === undefined ? {} : { contract: context.contract }),
  });
  if (!day.ok) throw producerFailure(`the ${microgrid.name}'s gateway`, day.error);
  if (day.value.stopped !== undefined) {
    throw producerFailure(`the ${microgrid.name}'s gateway`, day.value.stopped);
  }
  return day.value;
}

function proofsOf(day: ProducedDay): Proof[] {
  return day.intervals.flatMap((interval) =>
    interval.produced === undefined ? [] : [interval.produced.proof],
  );
}

export async function runProducerLoop(options: ProducerLoopOptions): Promise<ProductionSummary> {
  const started = Date.now();
  const say = options.progress ?? (() => undefined);
  const parties = producerParties();
  const files = producerFiles(options.dataDir);
  clearProducerFolder(files);
  const stores = await openStores(files, parties.federation);
  let microgrids: { honest: Microgrid; cheat: Microgrid } | undefined;
  try {
    microgrids = await startMicrogrids(parties, {
      honest: PRODUCER_PRICE_MINOR,
      cheat: PRODUCER_CHEAT_PRICE_MINOR,
    });
    const { honest, cheat } = microgrids;
    const dayStartMs = honest.grid.site.nowMs;
    const { pack, compiled } = producerPolicy(parties, dayStartMs);
    say(
      `producer federation ${PRODUCER_FEDERATION}: two microgrids at Chennai over Modbus TCP (ports ${honest.grid.server.port}, ${cheat.grid.server.port}); the rooftop's gateway inflates ×1.3`,
    );

    // Produce → Verify: the morning builds both track records.
    const morning = { first: PRODUCER_MORNING_FIRST_HOUR, count: PRODUCER_MORNING_HOURS };
    const context = { vault: stores.vault, pack, verifier: parties.verifier };
    const judged = new Map<Microgrid, JudgedProof[]>();
    const honestProofs: Proof[] = [];
    const allProofs: Proof[] = [];
    for (const microgrid of [honest, cheat]) {
      const day = await produceHours(microgrid, morning, context);
      if (microgrid === honest) honestProofs.push(...proofsOf(day));
      allProofs.push(...proofsOf(day));
      judged.set(
        microgrid,
        await judgeProofs(day, {
          producer: microgrid.signer.key.did,
          verifier: parties.verifier.key.did,
          priceMinor: microgrid.priceMinor,
          policy: compiled,
          registry: stores.registry,
        }),
      );
    }
    say(
      `morning: ${[honest, cheat].map((m) => `${m.name} ${judged.get(m)!.filter((j) => j.accepted).length} of ${judged.get(m)!.length} proofs accepted`).join(', ')}`,
    );

    // Discover: adverts, the buyer's search at ten.
    const contractStartMs = dayStartMs + (morning.first + morning.count) * HOUR_MS;
    const discovery = await discoverProducers(
      stores.registry,
      [honest, cheat],
      PRODUCER_SITE,
      contractStartMs,
    );
    const chosen = discovery.hits[0];
    if (chosen === undefined || chosen.advert.producer !== honest.signer.key.did) {
      throw producerFailure('discovery', {
        code: 'devnet_failed',
        message: `the buyer's search found ${discovery.hits.map((hit) => hit.advert.producer).join(', ') || 'nobody'}, not the community microgrid`,
      });
    }
    say(
      `the buyer's registry search found ${discovery.hits.length} producer(s): the community microgrid`,
    );

    // Coordinate: propose, every party accepts, start; the afternoon is evidence under it.
    const contract = await signContract(stores.contracts, parties, contractStartMs);
    const afternoon = await produceHours(
      honest,
      { first: morning.first + morning.count, count: PRODUCER_CONTRACT_HOURS },
      { ...context, contract: contract.contract },
    );
    const underContract = await judgeProofs(afternoon, {
      producer: honest.signer.key.did,
      verifier: parties.verifier.key.did,
      priceMinor: honest.priceMinor,
      policy: compiled,
      registry: stores.registry,
    });
    judged.get(honest)!.push(...underContract);
    honestProofs.push(...proofsOf(afternoon));
    allProofs.push(...proofsOf(afternoon));
    const logged = await logProofs(stores.log.log, allProofs);
    await reportEvidence(contract, underContract, parties);
    const dispute = await disputePeak(contract, underContract, {
      parties,
      vault: stores.vault,
      pack,
    });
    const verified = contract.state;
    const windowEndsMs = Date.parse(
      verified.windowEndsAt ?? verified.milestones[0]?.windowEndsAt ?? '',
    );
    if (!Number.isFinite(windowEndsMs)) {
      throw producerFailure('the contract', {
        code: 'devnet_failed',
        message: `no challenge window after the last verification (status ${verified.status})`,
      });
    }

    // Settle: after the window the replay's effects are due; mint, net, and close the contract.
    const due = await contract.stateAt(windowEndsMs);
    const mints = due.effects.filter(
      (effect): effect is MintVcrEffect => effect.type === 'mint-vcr',
    );
    const settlement = await settleReceipts(stores.ledger, mints, {
      signer: parties.federation,
      holdings: parties.owners,
      window: { fromMs: dayStartMs, toMs: windowEndsMs + HOUR_MS },
    });
    const settled = await contract.send(
      { type: 'settle', reason: 'receipts minted and netted into the day’s payouts' },
      parties.buyer,
      windowEndsMs + MINUTE_MS,
    );
    say(
      `contract ${settled.status}: ${settlement.receipts.length} VCRs minted after the challenge window, netted into ${settlement.plan.instructions.length} payouts`,
    );

    // The audits the pack drew: evidence disclosed under a challenge, the proof assessed again.
    const audits = new Map<Microgrid, AuditOutcome[]>();
    for (const microgrid of [honest, cheat]) {
      const outcomes: AuditOutcome[] = [];
      for (const proof of judged.get(microgrid)!.filter((entry) => entry.audited)) {
        outcomes.push(
          await auditProof(proof, {
            vault: stores.vault,
            pack,
            authority: parties.disputeAuthority,
            verifier: parties.verifier,
            endMs: proof.startMs + HOUR_MS,
          }),
        );
      }
      audits.set(microgrid, outcomes);
    }

    // The honest microgrid against its open design.
    const profile = loadProfile('microgrid');
    if (!profile.ok) throw producerFailure('the microgrid profile', profile.error);
    const advert = discovery.published.find(
      (published) => published.producer === honest.signer.key.did,
    )!;
    const certification = certifyProducer(profile.value, {
      proofs: honestProofs as unknown as JsonValue[],
      adverts: [advert as unknown as JsonValue],
      nowMs: windowEndsMs,
    });
    writeProducerFiles(files, {
      pack,
      proofs: honestProofs,
      advert,
      federation: parties.federation.key.did,
    });
    return summariseProduction({
      parties,
      rows: [honest, cheat].map((microgrid) =>
        producerRow(microgrid, judged.get(microgrid)!, audits.get(microgrid)!),
      ),
      names: new Map([
        [honest.signer.key.did, honest.name],
        [cheat.signer.key.did, cheat.name],
      ]),
      discovery,
      certification,
      contract: settled,
      dispute,
      settlement,
      logged,
      files,
      federationKey: parties.federation.key.did,
      elapsedMs: Date.now() - started,
    });
  } finally {
    await microgrids?.honest.grid.close();
    await microgrids?.cheat.grid.close();
    await stores.vault.close();
    await stores.log.store.close();
    await stores.registry.close();
    await stores.contracts.close();
    await stores.ledger.close();
  }
}
