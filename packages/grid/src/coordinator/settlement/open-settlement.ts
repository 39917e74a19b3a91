/**
 * The coordinator's settlement side, opened in one place: the federation's transparency log
 * (`log.sqlite`), the ledger and the NodeCo records (`ledger.sqlite`; both in one PostgreSQL
 * database instead when the coordinator runs on one), and the intake that turns usage proofs
 * into receipts. docs/spec/settlement.md describes the whole path.
 */
import { join } from 'node:path';
import { type Amount, ProofVerifier, type Signer, TrustStore } from '@mycel/kernel';
import { SESSION_MIP_CATALOG } from '@mycel/mips';
import {
  LEDGER_SQLITE_FILE,
  type LedgerStore,
  type LogStore,
  type NodeCoStore,
  openLedgerStore,
  openLogStore,
  openNodeCoStore,
  ProofLog,
  type SessionStore,
} from '@mycel/store';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SessionEntry } from '../session-registry.js';
import { FeeMinter } from './fee-minter.js';
import { NodeCoRegistry } from './nodeco-registry.js';
import { registerSettlementRoutes } from './settlement-routes.js';
import { type UsageAck, UsageIntake } from './usage-intake.js';

export interface SettlementOptions {
  readonly dataDir: string;
  readonly postgresUrl: string | undefined;
  readonly federation: string;
  readonly protocol: string;
  readonly price: Amount;
  readonly signer: Signer;
  readonly sessions: SessionStore;
  readonly logger: Logger;
  session(sid: string): SessionEntry | undefined;
  send(node: string, ack: UsageAck): void;
}

export interface Settlement {
  readonly intake: UsageIntake;
  readonly ledger: LedgerStore;
  readonly nodecos: NodeCoRegistry;
  readonly log: ProofLog;
  registerRoutes(app: FastifyInstance): void;
  close(): Promise<void>;
}

/** The transparency log's file in the coordinator's data directory (SQLite, the default). */
export const LOG_FILE = 'log.sqlite';

export async function openSettlement(options: SettlementOptions): Promise<Settlement> {
  const { postgresUrl, dataDir } = options;
  const opened: { close(): Promise<void> }[] = [];
  try {
    const ledgerStore = postgresUrl ?? join(dataDir, LEDGER_SQLITE_FILE);
    const ledger: LedgerStore = await openLedgerStore(
      postgresUrl === undefined ? { sqlitePath: ledgerStore } : { postgresUrl },
    );
    opened.push(ledger);
    const nodecoStore: NodeCoStore = await openNodeCoStore(
      postgresUrl === undefined ? { sqlitePath: ledgerStore } : { postgresUrl },
    );
    opened.push(nodecoStore);
    const origin = `opengrid/${options.federation}`;
    const logStore: LogStore = await openLogStore(postgresUrl ?? join(dataDir, LOG_FILE), origin);
    opened.push(logStore);
    const log = new ProofLog({
      store: logStore,
      verifier: new ProofVerifier({ trust: new TrustStore(), mips: SESSION_MIP_CATALOG }),
      origin,
      signer: options.signer,
      now: () => Date.now(),
    });
    const nodecos = new NodeCoRegistry({
      store: nodecoStore,
      federation: options.federation,
      protocol: options.protocol,
    });
    const minter = new FeeMinter({
      ledger,
      nodecos,
      federation: options.federation,
      signer: options.signer,
    });
    const intake = new UsageIntake({
      log,
      minter,
      sessions: options.sessions,
      price: options.price,
      logger: options.logger,
      send: options.send,
      nowMs: () => Date.now(),
      liveSession: (sid) => {
        const entry = options.session(sid);
        if (entry === undefined) return undefined;
        const { client, epoch, node, createdAtMs } = entry;
        return { sid, client, epoch, node, createdAtMs };
      },
    });
    return {
      intake,
      ledger,
      nodecos,
      log,
      registerRoutes: (app) =>
        registerSettlementRoutes(app, { nodecos, ledger, nowMs: () => Date.now() }),
      close: async () => {
        await Promise.allSettled(opened.map((store) => store.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(opened.map((store) => store.close()));
    throw error;
  }
}
