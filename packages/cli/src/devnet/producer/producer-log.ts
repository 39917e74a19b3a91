/**
 * The producer federation's transparency log: every proof either microgrid's gateway signed is
 * appended — accepted or not, the log records what was claimed, the pack decides what counts —
 * through the same ProofLog the log service runs (integrity plane first, RFC 6962 tree, signed
 * C2SP checkpoints). The federation's key signs the checkpoints.
 */
import { type Proof, ProofVerifier, type Signer, TrustStore } from '@mycel/kernel';
import { ENERGY_GENERATION_MODULE, mipCatalog, modulesById } from '@mycel/mips';
import { type LogStore, openLogStore, ProofLog } from '@mycel/store';
import { producerFailure } from './producer-failure.js';

/** The log's origin: a schema-less URL, as C2SP checkpoints name logs. */
export const PRODUCER_LOG_ORIGIN = 'devnet.mycel.local/solar-coop';

export interface ProducerLog {
  readonly log: ProofLog;
  readonly store: LogStore;
}

export async function openProducerLog(path: string, signer: Signer): Promise<ProducerLog> {
  const store = await openLogStore(path, PRODUCER_LOG_ORIGIN);
  const log = new ProofLog({
    store,
    verifier: new ProofVerifier({
      trust: new TrustStore(),
      mips: mipCatalog(modulesById([ENERGY_GENERATION_MODULE])),
    }),
    origin: PRODUCER_LOG_ORIGIN,
    signer,
    now: () => Date.now(),
  });
  return { log, store };
}

/** Appends every proof; answers the tree size and the checkpoint that covers the last one. */
export async function logProofs(
  log: ProofLog,
  proofs: readonly Proof[],
): Promise<{ readonly treeSize: number; readonly checkpoint: string }> {
  let last = { treeSize: 0, checkpoint: '' };
  for (const proof of proofs) {
    const appended = await log.append(new TextEncoder().encode(JSON.stringify(proof)));
    if (!appended.ok) throw producerFailure('logging a proof', appended.error);
    last = { treeSize: appended.value.treeSize, checkpoint: appended.value.checkpoint };
  }
  return last;
}
