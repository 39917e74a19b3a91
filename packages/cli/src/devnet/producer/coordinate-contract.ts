/**
 * Coordinate: the buyer's contract with the community microgrid, driven through its signed
 * events — the buyer proposes ₹8 per verified kWh with a two-hour challenge window and the
 * community's 70/20/10 split, all four parties accept the terms' id, the producer starts; then
 * each afternoon proof is an `evidence` event (its conservative kWh) and the verifier's result a
 * `verification` event.
 */
import { type ContractState, type ContractTerms, formatQuantity, type Signer } from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import type { ContractStore } from '@mycel/store';
import {
  PRODUCER_CHALLENGE_WINDOW_MS,
  PRODUCER_CONTRACT_HOURS,
  PRODUCER_PRICE_MINOR,
} from '../../limits.js';
import { ContractLog } from './contract-log.js';
import type { JudgedProof } from './judge-proofs.js';
import { PRODUCER_FEDERATION } from './producer-pack.js';
import type { ProducerParties } from './producer-parties.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1000;

function contractTerms(parties: ProducerParties, startMs: number): ContractTerms {
  const workByMs = startMs + PRODUCER_CONTRACT_HOURS * HOUR_MS + 30 * MINUTE_MS;
  return {
    federation: PRODUCER_FEDERATION,
    mip: ENERGY_GENERATION_MIP,
    parties: [
      { did: parties.buyer.key.did, role: 'buyer' },
      { did: parties.honest.key.did, role: 'producer' },
      { did: parties.verifier.key.did, role: 'verifier' },
      { did: parties.disputeAuthority.key.did, role: 'authority' },
    ],
    price: { minor: PRODUCER_PRICE_MINOR, currency: 'INR', unit: 'kWh' },
    thresholds: { pMin: 0.9, verifiersK: 1 },
    disputeAuthority: parties.disputeAuthority.key.did,
    acceptBy: new Date(startMs + HOUR_MS).toISOString(),
    workBy: new Date(workByMs).toISOString(),
    challengeWindowMs: PRODUCER_CHALLENGE_WINDOW_MS,
    settleBy: new Date(workByMs + 24 * HOUR_MS).toISOString(),
    // The microgrid is community-owned: its own did is the owners' pool (ARCHITECTURE §5.5).
    splits: [
      { party: parties.honest.key.did, role: 'owner', bps: 7000 },
      { party: parties.operator.key.did, role: 'operator', bps: 2000 },
      { party: parties.protocol.key.did, role: 'protocol', bps: 1000 },
    ],
    note: 'afternoon exports of the Chennai community microgrid, paid per verified kWh',
  };
}

/** The contract's quantity for one proof: its conservative kWh, to the millionth (floor). */
function kWhQuantity(settleWh: number): string {
  return formatQuantity(BigInt(Math.floor(settleWh * 1000)));
}

/** Propose, every party accepts (a second apart), the producer starts a minute later. */
export async function signContract(
  store: ContractStore,
  parties: ProducerParties,
  startMs: number,
): Promise<ContractLog> {
  const contract = await ContractLog.propose(
    store,
    contractTerms(parties, startMs),
    parties.buyer,
    startMs,
  );
  const termsId = contract.state.termsId!;
  const signers: readonly Signer[] = [
    parties.buyer,
    parties.honest,
    parties.verifier,
    parties.disputeAuthority,
  ];
  for (const [index, signer] of signers.entries()) {
    await contract.send(
      { type: 'accept', terms: termsId },
      signer,
      startMs + (index + 1) * SECOND_MS,
    );
  }
  await contract.send({ type: 'start' }, parties.honest, startMs + MINUTE_MS);
  return contract;
}

/** Each proof as evidence at its hour's end, then its verification; the last closes the milestone. */
export async function reportEvidence(
  contract: ContractLog,
  judged: readonly JudgedProof[],
  parties: ProducerParties,
): Promise<ContractState> {
  for (const [index, proof] of judged.entries()) {
    const atMs = proof.startMs + HOUR_MS + SECOND_MS;
    await contract.send(
      {
        type: 'evidence',
        milestone: 'main',
        proofs: [proof.proofId],
        quantity: kWhQuantity(proof.settleWh),
        ...(index === judged.length - 1 ? { final: true } : {}),
      },
      parties.honest,
      atMs,
    );
    await contract.send(
      { type: 'verification', proof: proof.proofId, p: proof.p, passed: proof.accepted },
      parties.verifier,
      atMs + SECOND_MS,
    );
  }
  return contract.state;
}
