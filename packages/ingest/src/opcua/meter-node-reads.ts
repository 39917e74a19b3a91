/**
 * Reading nodes with the OPC UA meter client: each node's BrowseName and EngineeringUnits, asked
 * once; a value turned into a Reading or its refusal; the checks a request must pass before it is
 * sent; the code of a request that failed as a whole; and the Read request itself.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  AttributeIds,
  coerceNodeId,
  DataType,
  type DataValue,
  type EUInformation,
  makeBrowsePath,
} from 'node-opcua';
import { OPCUA_NODE_ID_CHARS_MAX, OPCUA_READ_NODES_MAX } from '../limits/opcua.js';
import type { Reading } from '../reading.js';
import type { OpcuaMeterClientOptions, OpcuaReadBatch, OpcuaRefusal } from './meter-client.js';
import { isConnectionError, type MeterConnection } from './meter-connection.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import { opcuaReading } from './opcua-reading.js';
import { withTimeout } from './with-timeout.js';

interface NodeMetadata {
  readonly browseName: string | undefined;
  readonly engineeringUnit: string | undefined;
}

/** One connection as its requests see it: the session, the options, the metadata cache. */
export interface MeterLink {
  readonly connection: MeterConnection;
  readonly options: OpcuaMeterClientOptions;
  readonly metadata: Map<string, NodeMetadata>;
}

export async function describe(link: MeterLink, nodeIds: readonly string[]): Promise<void> {
  const { metadata } = link;
  const { session } = link.connection;
  const unknown = nodeIds.filter((id) => !metadata.has(id));
  if (unknown.length === 0) return;
  const paths = await session.translateBrowsePath(
    unknown.map((id) => makeBrowsePath(id, '.EngineeringUnits')),
  );
  const euNodes = paths.map((path) => path.targets?.[0]?.targetId ?? null);
  const reads = await session.read([
    ...unknown.map((nodeId) => ({ nodeId, attributeId: AttributeIds.BrowseName })),
    ...euNodes.flatMap((target) =>
      target === null ? [] : [{ nodeId: target, attributeId: AttributeIds.Value }],
    ),
  ]);
  let euIndex = unknown.length;
  unknown.forEach((nodeId, i) => {
    const nameValue = reads[i];
    const browseName =
      nameValue?.statusCode.isGood() === true
        ? (nameValue.value.value as { name?: string })?.name
        : undefined;
    let engineeringUnit: string | undefined;
    if (euNodes[i] !== null) {
      const eu = reads[euIndex++];
      if (eu?.statusCode.isGood() === true) {
        const text = (eu.value.value as EUInformation | null)?.displayName?.text;
        engineeringUnit = typeof text === 'string' && text.length > 0 ? text : undefined;
      }
    }
    // Cache only what the server answered for a node it has; an unknown node is asked again.
    if (nameValue?.statusCode.isGood() === true)
      metadata.set(nodeId, { browseName, engineeringUnit });
  });
}

export function toReading(
  link: MeterLink,
  nodeId: string,
  dataValue: DataValue,
): Outcome<Reading, OpcuaErrorCode> {
  const { metadata, options } = link;
  const known = metadata.get(nodeId);
  return opcuaReading(
    options.device,
    {
      nodeId,
      browseName: known?.browseName,
      status: { code: dataValue.statusCode.value, name: dataValue.statusCode.name },
      dataType: DataType[dataValue.value.dataType] ?? 'Null',
      value: dataValue.value.value,
      sourceTimestamp: dataValue.sourceTimestamp ?? null,
      engineeringUnit: known?.engineeringUnit,
    },
    options.units,
  );
}

/** Why a request for `nodeIds` cannot be sent now, if it cannot. */
export function refuseRequest(link: MeterLink, nodeIds: readonly string[]) {
  const { status } = link.connection;
  if (status.closed) return failWith('opcua_client_closed', 'the adapter is closed');
  if (status.lost)
    return failWith('opcua_connection_lost', 'the connection to the server was lost');
  if (nodeIds.length === 0 || nodeIds.length > OPCUA_READ_NODES_MAX) {
    return failWith(
      'opcua_too_many_nodes',
      `request names ${nodeIds.length} nodes (1..${OPCUA_READ_NODES_MAX})`,
    );
  }
  for (const id of nodeIds) {
    if (!wellFormedNodeId(id))
      return failWith('opcua_node_id_invalid', `not a NodeId: ${id.slice(0, 80)}`, id);
  }
  return undefined;
}

/** The code of a request that failed as a whole. */
export function requestFailure(link: MeterLink, failed: { timedOut: boolean; error: Error }) {
  const { status } = link.connection;
  if (status.lost || status.closed) {
    return failWith(
      status.closed ? 'opcua_client_closed' : 'opcua_connection_lost',
      'the connection ended during the request',
    );
  }
  if (failed.timedOut)
    return failWith('opcua_request_timeout', 'the server did not answer in time');
  if (isConnectionError(failed.error)) {
    status.markLost();
    return failWith(
      'opcua_connection_lost',
      failed.error.message.split('\n')[0] ?? 'connection lost',
    );
  }
  return failWith('opcua_request_failed', failed.error.message.split('\n')[0] ?? 'request failed');
}

export async function readNodes(
  link: MeterLink,
  nodeIds: readonly string[],
): Promise<Outcome<OpcuaReadBatch, OpcuaErrorCode>> {
  const { session, requestTimeoutMs } = link.connection;
  const refusal = refuseRequest(link, nodeIds);
  if (refusal !== undefined) return refusal;
  const answered = await withTimeout(
    (async () => {
      await describe(link, nodeIds);
      return session.read(
        nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
        0,
      );
    })(),
    requestTimeoutMs,
  );
  if (!answered.ok) return requestFailure(link, answered);
  const readings: Reading[] = [];
  const refused: OpcuaRefusal[] = [];
  nodeIds.forEach((nodeId, i) => {
    const outcome = toReading(link, nodeId, answered.value[i] as DataValue);
    if (outcome.ok) readings.push(outcome.value);
    else refused.push({ nodeId, code: outcome.error.code, message: outcome.error.message });
  });
  return ok({ readings, refused });
}

function wellFormedNodeId(id: string): boolean {
  if (id.length === 0 || id.length > OPCUA_NODE_ID_CHARS_MAX) return false;
  try {
    coerceNodeId(id);
    return true;
  } catch {
    return false;
  }
}
