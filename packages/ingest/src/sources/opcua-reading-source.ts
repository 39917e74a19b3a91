/**
 * OPC UA as a source of the gateway. Its role at a PV site: the revenue meter. Utility-grade
 * meters and the plant controllers in front of them commonly speak OPC UA, while string and
 * central inverters speak SunSpec over Modbus TCP; the meter sits at the grid connection, after
 * the AC losses, on its own device and its own logger (`meterSameLogger` false). So a site polls
 * the inverter and met station with the SunSpecReader and the meter with this source, both at the
 * gateway's clock time (combineReadingSources), and the MIP's inverter-meter agreement check
 * compares two devices that cannot fail together.
 *
 * Each poll reads every configured node in one Read request over SignAndEncrypt and names the
 * readings by role: the meter's exported-energy node becomes `TotWhExp` (GatewayMetrics'
 * meterEnergy), its power `MeterW`. A deployment that reads everything over OPC UA binds the
 * `energy`, `power` and `irradiance` roles to nodes too. A reading keeps the device's
 * SourceTimestamp as its time. A node refused by the adapter (Bad or Uncertain status, no unit,
 * no timestamp) refuses the whole poll with the adapter's code. The session opens on the first
 * read, so a server that refuses the gateway's certificate refuses the day
 * (opcua_certificate_untrusted); a lost connection refuses that poll and the next read reconnects.
 * A value whose SourceTimestamp did not move since the last poll is not handed again.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { GatewayMetrics } from '../gateway/interval-evidence.js';
import type { ReadingSource } from '../gateway/produce-day.js';
import type { OpcuaMeterClient, OpcuaMeterClientOptions } from '../opcua/meter-client.js';
import type { MeterServer } from '../opcua/meter-server.js';
import { connectOpcuaMeter } from '../opcua/opcua-entry.js';
import type { Reading } from '../reading.js';
import { type SourceErrorCode, sourceFail } from './source-error-codes.js';
import { bindRoles, type RoleBinding, type SourceRole } from './source-roles.js';

export interface OpcuaReadingSourceOptions extends OpcuaMeterClientOptions {
  /** Node id by role; e.g. revenueMeterNodes(server.nodeIds). */
  readonly nodes: Readonly<Partial<Record<SourceRole, string>>>;
  /** The names the gateway reads the roles under; default SunSpec's (SUNSPEC_METRICS). */
  readonly metrics?: GatewayMetrics;
}

/** The meter server's nodes in the revenue meter role. */
export function revenueMeterNodes(
  nodeIds: Pick<MeterServer['nodeIds'], 'energy' | 'power'>,
): Readonly<Partial<Record<SourceRole, string>>> {
  return { meterEnergy: nodeIds.energy, meterPower: nodeIds.power };
}

export class OpcuaReadingSource implements ReadingSource {
  #client: OpcuaMeterClient | undefined;
  #closed = false;
  /** SourceTimestamp last handed per node: an unchanged one is not handed again. */
  readonly #lastAt = new Map<string, string>();

  private constructor(
    private readonly options: OpcuaReadingSourceOptions,
    private readonly bindings: readonly RoleBinding[],
  ) {}

  /** Checks the role bindings; no I/O (the session opens on the first read). */
  static create(options: OpcuaReadingSourceOptions): Outcome<OpcuaReadingSource, SourceErrorCode> {
    const bindings = bindRoles(options.nodes, options.metrics);
    if (!bindings.ok) return bindings;
    return ok(new OpcuaReadingSource(options, bindings.value));
  }

  /** Opens the session now, instead of on the first read. */
  async connect(): Promise<Outcome<void, string>> {
    if (this.#closed) return sourceFail('source_closed', 'the OPC UA source is closed');
    if (this.#client !== undefined) return ok(undefined);
    const { nodes: _nodes, metrics: _metrics, ...clientOptions } = this.options;
    const connected = await connectOpcuaMeter(clientOptions);
    if (!connected.ok) return connected;
    if (this.#closed) {
      await connected.value.close();
      return sourceFail('source_closed', 'the OPC UA source was closed while it connected');
    }
    this.#client = connected.value;
    return ok(undefined);
  }

  async read(): Promise<Outcome<Reading[], string>> {
    const opened = await this.connect();
    if (!opened.ok) return opened;
    const client = this.#client!;
    const batch = await client.read(this.bindings.map((binding) => binding.sourceName));
    if (!batch.ok) {
      if (batch.error.code === 'opcua_connection_lost' && this.#client === client) {
        this.#client = undefined;
        await client.close();
      }
      return batch;
    }
    const refused = batch.value.refused[0];
    if (refused !== undefined) {
      return failWith(refused.code, refused.message, refused.nodeId);
    }
    const readings: Reading[] = [];
    batch.value.readings.forEach((reading, index) => {
      const binding = this.bindings[index]!;
      if (this.#lastAt.get(binding.sourceName) === reading.capturedAt) return;
      readings.push({
        ...reading,
        metric: binding.metric,
        raw: { ...reading.raw, browseName: reading.metric },
      });
    });
    // The batch is complete (nothing refused), so reading i is node i.
    batch.value.readings.forEach((reading, index) => {
      this.#lastAt.set(this.bindings[index]!.sourceName, reading.capturedAt);
    });
    return ok(readings);
  }

  /** Closes the session. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }
}
