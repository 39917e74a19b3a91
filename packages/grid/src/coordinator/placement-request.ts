/**
 * From what a session asks for to what the router reads: the agent reference resolved to agent
 * columns of the index, the client coordinate if usable, the attestation rank.
 *
 * A session may name a built-in that nodes list (only those nodes qualify), or a published
 * bundle by name, name@version or asset id (any node can fetch it by hash; nodes that list it
 * are warm). Names nodes list win over published bundles, so an upload cannot take over a
 * built-in name.
 */
import type { LatencyClass, WireResult } from '@mycel/wire';
import { wireFail } from '@mycel/wire';
import type { AgentCatalog } from './agent-catalog.js';
import { AGENT_LISTED, AGENT_WARM } from './agent-flags.js';
import { type NetworkCoordinate, usableCoordinate } from './network-coordinate.js';
import { ATTESTATION_RANK, type Attestation, type NodeTable } from './node-table.js';
import type { MeasuredRtt, PlacementRequest } from './placement.js';

export interface RoutingQuestion {
  readonly agent: string;
  readonly latencyClass: LatencyClass;
  readonly coordinate?: NetworkCoordinate;
  readonly attestationMin?: Attestation;
  /** RTTs the client measured to nodes (by did); they replace predictions for those nodes. */
  readonly probes?: readonly { readonly node: string; readonly rttMs: number }[];
}

export interface Routing {
  /** What the ticket names: the built-in name, or the bundle's asset id. */
  readonly ticketAgent: string;
  readonly placement: PlacementRequest;
}

/** The probed nodes this table knows, as slots; unknown dids are ignored. */
function measuredSlots(
  nodes: NodeTable,
  probes: RoutingQuestion['probes'],
): readonly MeasuredRtt[] | undefined {
  if (probes === undefined || probes.length === 0) return undefined;
  const measured: MeasuredRtt[] = [];
  for (const probe of probes) {
    const record = nodes.get(probe.node);
    if (record !== undefined) measured.push({ slot: record.slot, rttMs: probe.rttMs });
  }
  return measured;
}

export function routingFor(
  nodes: NodeTable,
  catalog: AgentCatalog,
  question: RoutingQuestion,
): WireResult<Routing> {
  const reference = question.agent;
  const column = nodes.agents.column(reference);
  let agent: Pick<PlacementRequest, 'listed' | 'warm' | 'warmMask'> & { ticketAgent: string };
  if (column !== undefined && !reference.startsWith('sha256:')) {
    agent = { ticketAgent: reference, listed: column, warm: column, warmMask: AGENT_WARM };
  } else {
    const assetId =
      catalog.resolve(reference)?.assetId ?? (column === undefined ? undefined : reference);
    if (assetId === undefined) return wireFail('agent_unknown', `no agent ${reference} is known`);
    const warm = nodes.agents.column(assetId);
    agent = { ticketAgent: assetId, listed: undefined, warm, warmMask: AGENT_LISTED | AGENT_WARM };
  }
  return {
    ok: true,
    value: {
      ticketAgent: agent.ticketAgent,
      placement: {
        latencyClass: question.latencyClass,
        listed: agent.listed,
        warm: agent.warm,
        warmMask: agent.warmMask,
        coordinate: usableCoordinate(question.coordinate),
        attestationMin: ATTESTATION_RANK[question.attestationMin ?? 'software'],
        measured: measuredSlots(nodes, question.probes),
      },
    },
  };
}
