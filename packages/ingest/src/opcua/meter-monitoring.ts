/**
 * Monitoring nodes with the OPC UA meter client: one subscription per call, one monitored item
 * per node reporting every change the server records, each handed to the listener as a Reading or
 * its refusal; a lost connection is told once, after which the monitor stays silent.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  AttributeIds,
  type ClientSubscription,
  type DataValue,
  TimestampsToReturn,
} from 'node-opcua';
import {
  OPCUA_MONITOR_QUEUE_SIZE,
  OPCUA_PUBLISHING_INTERVAL_MS,
  OPCUA_READ_NODES_MAX,
  OPCUA_SUBSCRIPTION_KEEPALIVE_COUNT,
  OPCUA_SUBSCRIPTION_LIFETIME_COUNT,
} from '../limits/opcua.js';
import type { OpcuaListener, OpcuaMonitor } from './meter-client.js';
import {
  describe,
  type MeterLink,
  refuseRequest,
  requestFailure,
  toReading,
} from './meter-node-reads.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import { withTimeout } from './with-timeout.js';

/** Subscribes `listener` to `nodeIds`; the monitor is kept in `monitors` until it stops. */
export async function monitorNodes(
  link: MeterLink,
  monitors: Set<OpcuaMonitor>,
  nodeIds: readonly string[],
  listener: OpcuaListener,
): Promise<Outcome<OpcuaMonitor, OpcuaErrorCode>> {
  const { session, requestTimeoutMs, status } = link.connection;
  const refusal = refuseRequest(link, nodeIds);
  if (refusal !== undefined) return refusal;
  let subscription: ClientSubscription | undefined;
  const created = await withTimeout(
    (async () => {
      await describe(link, nodeIds);
      subscription = await session.createSubscription2({
        requestedPublishingInterval: OPCUA_PUBLISHING_INTERVAL_MS,
        requestedLifetimeCount: OPCUA_SUBSCRIPTION_LIFETIME_COUNT,
        requestedMaxKeepAliveCount: OPCUA_SUBSCRIPTION_KEEPALIVE_COUNT,
        maxNotificationsPerPublish: OPCUA_READ_NODES_MAX * OPCUA_MONITOR_QUEUE_SIZE,
        publishingEnabled: true,
        priority: 1,
      });
      const active = subscription;
      for (const nodeId of nodeIds) {
        const item = await active.monitor(
          { nodeId, attributeId: AttributeIds.Value },
          // 0: report each change the server records, not a resampled value.
          { samplingInterval: 0, queueSize: OPCUA_MONITOR_QUEUE_SIZE, discardOldest: false },
          TimestampsToReturn.Both,
        );
        item.on('changed', (dataValue: DataValue) => {
          if (!stopped) listener(toReading(link, nodeId, dataValue));
        });
        item.on('err', (message: string) => {
          if (stopped) return;
          const code = message.includes('BadNodeIdUnknown')
            ? 'opcua_node_unknown'
            : 'opcua_request_failed';
          listener(failWith(code, `node ${nodeId}: ${message}`, nodeId));
        });
      }
    })(),
    requestTimeoutMs,
  );
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const onLost = () => {
    if (stopped) return;
    stopped = true;
    monitors.delete(handle);
    listener(failWith('opcua_connection_lost', 'the connection to the server was lost'));
  };
  const handle: OpcuaMonitor = {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        monitors.delete(handle);
        status.lostListeners.delete(onLost);
        if (!status.lost) await subscription?.terminate().catch(() => undefined);
      })();
      return stopping;
    },
  };
  if (!created.ok) {
    await handle.stop();
    return requestFailure(link, created);
  }
  monitors.add(handle);
  status.lostListeners.add(onLost);
  return ok(handle);
}
