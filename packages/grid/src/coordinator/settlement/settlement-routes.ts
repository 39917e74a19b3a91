/**
 * The coordinator's settlement API (docs/spec/settlement.md §API): a node host registers its NodeCo
 * record and share transfers, reads them back with the holdings in force now, and asks what its
 * node earned and what each owner, the operator and the protocol are owed. Records and transfers
 * are signed documents, so no other authentication is needed to submit them; reads are public to
 * the grid, like the transparency log.
 */
import type { JsonValue } from '@mycel/kernel';
import type { LedgerStore } from '@mycel/store';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EARNINGS_RECEIPTS_MAX } from '../../limits.js';
import { earningsJson, nodeEarnings, type ReceiptWithTransfers } from './node-earnings.js';
import type { NodeCoRegistry, NodeCoView } from './nodeco-registry.js';
import { type SettlementErrorCode, settlementStatusOf } from './settlement-error-codes.js';
import type { SettlementResult } from './settlement-result.js';

export const SETTLEMENT_PATHS = {
  nodecos: '/v1/nodecos',
  nodeco: '/v1/nodecos/:node',
  nodecoTransfers: '/v1/nodecos/:node/transfers',
  earnings: '/v1/nodes/:node/earnings',
} as const;

export interface SettlementRoutesOptions {
  readonly nodecos: NodeCoRegistry;
  readonly ledger: LedgerStore;
  nowMs(): number;
}

export function registerSettlementRoutes(app: FastifyInstance, options: SettlementRoutesOptions) {
  const { nodecos, ledger } = options;
  app.post(SETTLEMENT_PATHS.nodecos, async (request, reply) => {
    if (!isObject(request.body)) return malformed(reply, 'the body is a signed NodeCo record');
    const result = await nodecos.register(request.body as JsonValue, options.nowMs());
    return answer(reply, result, 201, (view) => viewJson(view, options.nowMs()));
  });
  app.get<{ Params: { node: string } }>(SETTLEMENT_PATHS.nodeco, async (request, reply) => {
    const view = await nodecos.view(request.params.node);
    if (view === undefined) {
      return sendCode(reply, 'nodeco_unknown', `no NodeCo record for ${request.params.node}`);
    }
    return reply.send(viewJson(view, options.nowMs()));
  });
  app.post<{ Params: { node: string } }>(
    SETTLEMENT_PATHS.nodecoTransfers,
    async (request, reply) => {
      if (!isObject(request.body)) return malformed(reply, 'the body is a signed share transfer');
      const result = await nodecos.transfer(
        request.params.node,
        request.body as JsonValue,
        options.nowMs(),
      );
      return answer(reply, result, 201, (view) => viewJson(view, options.nowMs()));
    },
  );
  app.get<{ Params: { node: string } }>(SETTLEMENT_PATHS.earnings, async (request, reply) => {
    const node = request.params.node;
    const stored = await ledger.receipts({
      subject: node,
      limit: EARNINGS_RECEIPTS_MAX,
    });
    const entries: ReceiptWithTransfers[] = [];
    for (const receipt of stored) {
      entries.push({
        stored: receipt,
        transfers: await ledger.receiptTransfers(receipt.receipt.id),
      });
    }
    const view = await nodecos.view(node);
    if (entries.length === 0 && view === undefined) {
      return sendCode(reply, 'node_unknown', `${node} has earned nothing here and has no NodeCo`);
    }
    return reply.send({
      ...earningsJson(nodeEarnings(node, entries)),
      nodeco: view === undefined ? null : view.record.id,
      truncated: stored.length >= EARNINGS_RECEIPTS_MAX,
    });
  });
}

function viewJson(view: NodeCoView, nowMs: number) {
  return {
    record: view.record,
    transfers: view.transfers,
    holdings: view.holdings(nowMs).map((holding) => ({
      party: holding.party,
      shares: holding.shares.toString(),
    })),
  };
}

function answer<T>(
  reply: FastifyReply,
  result: SettlementResult<T>,
  status: number,
  json: (value: T) => unknown,
) {
  if (!result.ok) return sendCode(reply, result.error.code, result.error.message);
  return reply.code(status).send(json(result.value));
}

function sendCode(reply: FastifyReply, code: SettlementErrorCode, message: string) {
  return reply.code(settlementStatusOf(code)).send({ error: { code, message } });
}

function malformed(reply: FastifyReply, message: string) {
  return sendCode(reply, 'request_malformed', message);
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
