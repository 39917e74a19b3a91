/**
 * The proof log: integrity-verify a submitted proof, append it durably (group commit), and answer
 * with its index, the checkpoint that first included it, and the inclusion proof against that
 * checkpoint. Submitting the same proof again gives the same answer: same index, same checkpoint,
 * same proof. Time comes from the `now` the shell passes in; the logic stays testable.
 */
import {
  type ErrorCode,
  formatCheckpointText,
  formatVerifierKey,
  type Hash,
  hashRange,
  type LeafRange,
  nodeKey,
  noteKeyId,
  type ProofVerifier,
  planConsistencyProof,
  planInclusionProof,
  proofNodeIds,
  type Result,
  type Signer,
  signNote,
} from '@mycel/kernel';
import { AppendQueue, type Committed } from './append-queue.js';
import type { LogHead, LogStore, StoredEntry } from './log-store.js';
import { NodeCache } from './node-cache.js';
import { StoreError, type StoreErrorCode } from './store-error.js';

export type LogErrorCode = ErrorCode | StoreErrorCode;
export type LogResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: LogErrorCode;
        readonly message: string;
        readonly path?: string;
      };
    };

export interface AppendedProof {
  readonly id: string;
  readonly index: number;
  /** True when the proof was already in the log: the answer is the one first given. */
  readonly duplicate: boolean;
  readonly mipKnown: boolean;
  readonly settleable: boolean;
  /** The signed checkpoint of the batch that first included the proof. */
  readonly checkpoint: string;
  readonly treeSize: number;
}

export interface LoggedProof extends AppendedProof {
  /** RFC 6962 audit path from the leaf to that checkpoint's root. */
  readonly inclusion: readonly Hash[];
}

export interface ProofLogOptions {
  readonly store: LogStore;
  readonly verifier: ProofVerifier;
  /** Checkpoint origin line and note key name, a schema-less URL such as `log.example.org/devnet`. */
  readonly origin: string;
  /** The log's Ed25519 key, which signs every checkpoint. */
  readonly signer: Signer;
  /** Milliseconds since the epoch; the verifier's clock for expiry and future-dating checks. */
  readonly now: () => number;
}

export class ProofLog {
  private readonly cache = new NodeCache();
  private readonly queue: AppendQueue;
  /** A size the log is known to have reached; it only grows, so proofs up to it need no head read. */
  private knownSize = 0;

  constructor(private readonly options: ProofLogOptions) {
    if (options.signer.alg !== 'Ed25519')
      throw new Error('assertion failed: checkpoints are signed with Ed25519');
    this.queue = new AppendQueue(
      options.store,
      (size, root) => this.signCheckpoint(size, root),
      (outcome) => {
        this.cache.add(outcome.nodes);
        this.knownSize = Math.max(this.knownSize, outcome.head.size);
      },
    );
  }

  get origin(): string {
    return this.options.origin;
  }

  /** The note verifier key (`name+keyid+base64`) that checks this log's checkpoints. */
  verifierKey(): string {
    const { origin, signer } = this.options;
    const publicKey = signer.key.publicKey;
    return formatVerifierKey({ name: origin, keyId: noteKeyId(origin, publicKey), publicKey });
  }

  private signCheckpoint(size: number, root: Hash): string {
    const text = formatCheckpointText({ origin: this.options.origin, size, root, extensions: [] });
    const { signer } = this.options;
    return signNote(
      text,
      this.options.origin,
      (message) => signer.sign(message),
      signer.key.publicKey,
    );
  }

  /**
   * Verifies one proof as received (attacker-controlled bytes) and appends it durably. The
   * answer names the checkpoint of the batch that first included it; `mycel log append` uses this.
   */
  async append(bytes: Uint8Array): Promise<LogResult<AppendedProof>> {
    const verified = this.verify(bytes);
    if (!verified.ok) return verified;
    const { id, canonical, mipKnown, settleable } = verified.value;
    let committed: Committed;
    try {
      committed = await this.queue.enqueue({ id, bytes: canonical });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'store_pushback')
        return storeFailure(error);
      throw error;
    }
    const { index, duplicate, outcome } = committed;
    const firstNew = outcome.head.size - outcome.appended;
    const covering =
      index >= firstNew
        ? { size: outcome.head.size, note: outcome.head.checkpoint! }
        : await this.options.store.checkpointCovering(index);
    if (covering === undefined)
      throw new StoreError('store_corrupt', `no checkpoint covers entry ${index}`);
    return {
      ok: true,
      value: {
        id,
        index,
        duplicate,
        mipKnown,
        settleable,
        checkpoint: covering.note,
        treeSize: covering.size,
      },
    };
  }

  /**
   * Only what the append needs survives verification: hundreds of proofs wait for each group
   * commit, and holding their parsed trees until then costs more in garbage collection than the
   * whole rest of the append (measured with bench/proof-ingest.ts).
   */
  private verify(
    bytes: Uint8Array,
  ): LogResult<{ id: string; canonical: Uint8Array; mipKnown: boolean; settleable: boolean }> {
    const verified = this.options.verifier.verifyBytes(bytes, this.options.now());
    if (!verified.ok) return verified;
    const { id, canonical, mipKnown, settleable } = verified.value;
    return { ok: true, value: { id, canonical, mipKnown, settleable } };
  }

  /** append, then the inclusion proof against the checkpoint named: what POST /v1/proofs answers. */
  async submit(bytes: Uint8Array): Promise<LogResult<LoggedProof>> {
    const appended = await this.append(bytes);
    if (!appended.ok) return appended;
    const inclusion = await this.proveInclusion(appended.value.index, appended.value.treeSize);
    if (!inclusion.ok) throw new StoreError('store_corrupt', inclusion.error.message);
    return { ok: true, value: { ...appended.value, inclusion: inclusion.value } };
  }

  async head(): Promise<LogHead> {
    const head = await this.options.store.head();
    this.knownSize = Math.max(this.knownSize, head.size);
    return head;
  }

  /** Another process may have appended: read the head only when `size` is beyond what we know. */
  private async reaches(size: number): Promise<boolean> {
    if (size <= this.knownSize) return true;
    return size <= (await this.head()).size;
  }

  async proveInclusion(index: number, size: number): Promise<Result<Hash[]>> {
    if (!(await this.reaches(size))) return sizeBeyondHead(size, this.knownSize);
    const ranges = planInclusionProof(index, size);
    if (!ranges.ok) return ranges;
    return { ok: true, value: await this.hashRanges(ranges.value) };
  }

  async proveConsistency(oldSize: number, newSize: number): Promise<Result<Hash[]>> {
    if (!(await this.reaches(newSize))) return sizeBeyondHead(newSize, this.knownSize);
    const ranges = planConsistencyProof(oldSize, newSize);
    if (!ranges.ok) return ranges;
    return { ok: true, value: await this.hashRanges(ranges.value) };
  }

  findIndex(id: string): Promise<number | undefined> {
    return this.options.store.findIndex(id);
  }

  readEntries(start: number, end: number): Promise<StoredEntry[]> {
    return this.options.store.readEntries(start, end);
  }

  checkpointAt(size: number): Promise<string | undefined> {
    return this.options.store.checkpointAt(size);
  }

  private async hashRanges(ranges: readonly LeafRange[]): Promise<Hash[]> {
    const nodes = new Map<string, Hash>();
    const missing = this.cache.lookup(proofNodeIds(ranges), nodes);
    if (missing.length > 0) {
      for (const [key, hash] of await this.options.store.readNodes(missing)) nodes.set(key, hash);
    }
    return ranges.map((range) => hashRange(range, (id) => nodes.get(nodeKey(id))!));
  }
}

function sizeBeyondHead<T>(size: number, headSize: number): Result<T> {
  return {
    ok: false,
    error: { code: 'log_size_invalid', message: `the log has ${headSize} entries, not ${size}` },
  };
}

function storeFailure<T>(error: StoreError): LogResult<T> {
  return { ok: false, error: { code: error.code, message: error.message } };
}
