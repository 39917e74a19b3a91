/**
 * Usage proofs arriving on control links (ARCHITECTURE §5.5): the integrity plane (kernel
 * ProofVerifier with the session MIP), the coordinator's own rules against the session journal
 * (usage-rules.ts), then the federation's transparency log, then the fee's receipt in the ledger,
 * and only then a `usage-ack`. Every step is idempotent by id (the log by proof id, the ledger by
 * receipt id), so a node that resends after a lost ack, or after the coordinator restarted, gets
 * the same answer and nothing is minted twice. A refusal is acked with its code, so the node stops
 * resending; a store that is down is not acked at all, so the node resends later.
 */
import {
  type Amount,
  CONTENT_ID_PATTERN,
  type JsonValue,
  ProofVerifier,
  TrustStore,
} from '@mycel/kernel';
import { SESSION_MIP_CATALOG } from '@mycel/mips';
import type { ProofLog, SessionStore } from '@mycel/store';
import type { Logger } from 'pino';
import type { FeeMinter } from './fee-minter.js';
import type { SettlementError } from './settlement-result.js';
import { checkUsage, type UsageSessionFacts } from './usage-rules.js';

/** What the node is told: the proof's id, and either the receipt minted for it or why not. */
export interface UsageAck {
  readonly t: 'usage-ack';
  readonly id: string;
  readonly receipt?: string;
  readonly error?: SettlementError;
}

export interface UsageIntakeOptions {
  readonly log: ProofLog;
  readonly minter: FeeMinter;
  readonly sessions: SessionStore;
  readonly price: Amount;
  readonly logger: Logger;
  send(node: string, ack: UsageAck): void;
  nowMs(): number;
  /** Sessions the coordinator holds in memory (fresher than the journal's rows). */
  liveSession(sid: string): UsageSessionFacts | undefined;
}

export class UsageIntake {
  private readonly verifier = new ProofVerifier({
    trust: new TrustStore(),
    mips: SESSION_MIP_CATALOG,
  });

  constructor(private readonly options: UsageIntakeOptions) {}

  /** A `usage` frame's proof from `node`; never rejects. */
  async offer(node: string, value: unknown): Promise<UsageAck | undefined> {
    const { logger } = this.options;
    const id = idOf(value);
    const refuse = (error: SettlementError): UsageAck | undefined => {
      logger.warn({ node, proof: id, code: error.code }, error.message);
      // An ack names the proof by its content id; something without one cannot be answered.
      return id === '' ? undefined : this.ack({ t: 'usage-ack', id, error }, node);
    };
    const nowMs = this.options.nowMs();
    const verified = this.verifier.verifyValue(value as JsonValue, nowMs);
    if (!verified.ok) {
      return refuse({
        code: 'usage_proof_invalid',
        message: `${verified.error.code}: ${verified.error.message}`,
      });
    }
    try {
      const sid = verified.value.proof.claim.subject;
      const facts = this.options.liveSession(sid) ?? (await this.journalFacts(sid));
      const checked = checkUsage(verified.value, node, facts, this.options.price, nowMs);
      if (!checked.ok) return refuse(checked.error);
      const logged = await this.options.log.append(verified.value.canonical);
      if (!logged.ok) {
        return refuse({
          code: 'usage_proof_invalid',
          message: `${logged.error.code}: ${logged.error.message}`,
        });
      }
      const mint = await this.options.minter.mint(verified.value.id, checked.value, nowMs);
      if (!mint.ok) return refuse(mint.error);
      const minted = mint.value;
      logger.info(
        {
          node,
          sid,
          proof: verified.value.id,
          logIndex: logged.value.index,
          receipt: minted?.receipt.id,
          outcome: minted?.outcome ?? 'no-fee',
        },
        'usage settled',
      );
      return this.ack(
        minted === undefined
          ? { t: 'usage-ack', id: verified.value.id }
          : { t: 'usage-ack', id: verified.value.id, receipt: minted.receipt.id },
        node,
      );
    } catch (error) {
      // The log or the ledger is down: no ack, so the node keeps the proof and resends it.
      logger.error({ err: error, node, proof: id }, 'usage settlement failed');
      return undefined;
    }
  }

  private ack(ack: UsageAck, node: string): UsageAck {
    this.options.send(node, ack);
    return ack;
  }

  private async journalFacts(sid: string): Promise<UsageSessionFacts | undefined> {
    const row = await this.options.sessions.session(sid);
    if (row === undefined) return undefined;
    return {
      sid,
      client: row.client,
      epoch: row.epoch,
      node: row.node,
      createdAtMs: row.createdAtMs,
    };
  }
}

const CONTENT_ID = new RegExp(CONTENT_ID_PATTERN);

function idOf(value: unknown): string {
  const id = (value as { id?: unknown } | null)?.id;
  // Only a content id is worth repeating in a log line or an ack.
  return typeof id === 'string' && CONTENT_ID.test(id) ? id : '';
}
