/**
 * The simulated site on real Modbus TCP (modbus-serial's ServerTCP): holding registers from 40000
 * answer with the addressed unit's SunSpec map at the site's simulated time. Listens on loopback;
 * port 0 picks a free port. `stopAfterReads(n)` makes the server go away on the read after n, to
 * exercise a reader that loses its device mid-read.
 */
import { createServer } from 'node:net';
import { ServerTCP } from 'modbus-serial';
import { SIM_BIND_ATTEMPTS_MAX } from '../limits/modbus.js';
import { type ModbusResult, modbusFail } from './modbus-error-codes.js';
import type { SimulatedSite } from './simulated-site.js';
import { SUNSPEC_BASE_ADDRESS } from './sunspec-map.js';

/** Modbus exception codes the server answers with. */
const ILLEGAL_DATA_ADDRESS = 0x02;
const GATEWAY_TARGET_FAILED = 0x0b;

export interface SunSpecServer {
  readonly host: string;
  readonly port: number;
  /** Read requests answered so far. */
  readonly reads: number;
  /** After `count` more answered reads, the server closes and drops every connection. */
  stopAfterReads(count: number): void;
  close(): Promise<void>;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port: 0 }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function listen(server: ServerTCP): Promise<Error | undefined> {
  return new Promise((resolve) => {
    server.once('initialized', () => resolve(undefined));
    server.once('serverError', (error: Error) => resolve(error));
  });
}

function closeServer(server: ServerTCP): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Serves `site` on host:port (port 0: a free loopback port). */
export async function startSunSpecServer(
  site: SimulatedSite,
  options: { readonly host?: string; readonly port?: number } = {},
): Promise<ModbusResult<SunSpecServer>> {
  const host = options.host ?? '127.0.0.1';
  let reads = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  let closing: Promise<void> | undefined;
  let server: ServerTCP | undefined;
  const stop = () => {
    closing ??= server === undefined ? Promise.resolve() : closeServer(server);
    return closing;
  };
  const read = (address: number, length: number, unitId: number): number[] => {
    if (reads >= stopAt) {
      void stop();
      throw Object.assign(new Error('the simulated device went away'), {
        modbusErrorCode: GATEWAY_TARGET_FAILED,
      });
    }
    const unit = site.unitOf(unitId);
    if (unit === undefined) {
      throw Object.assign(new Error(`no unit ${unitId}`), {
        modbusErrorCode: GATEWAY_TARGET_FAILED,
      });
    }
    const image = site.registers(unit);
    const offset = address - SUNSPEC_BASE_ADDRESS;
    if (offset < 0 || offset + length > image.length) {
      throw Object.assign(new Error(`no registers at ${address}+${length}`), {
        modbusErrorCode: ILLEGAL_DATA_ADDRESS,
      });
    }
    reads++;
    return image.slice(offset, offset + length);
  };
  const vector = {
    getHoldingRegister: (address: number, unitId: number) => read(address, 1, unitId)[0]!,
    getMultipleHoldingRegisters: (address: number, length: number, unitId: number) =>
      read(address, length, unitId),
  };
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < SIM_BIND_ATTEMPTS_MAX; attempt++) {
    const port = options.port || (await freePort(host));
    const candidate = new ServerTCP(vector, { host, port, unitID: 255 });
    const error = await listen(candidate);
    if (error === undefined) {
      server = candidate;
      const handle: SunSpecServer = {
        host,
        port,
        get reads() {
          return reads;
        },
        stopAfterReads(count: number) {
          stopAt = reads + count;
        },
        close: stop,
      };
      return { ok: true, value: handle };
    }
    lastError = error;
    await closeServer(candidate);
    if (options.port) break;
  }
  return modbusFail('modbus_bind_failed', `cannot listen on ${host}: ${lastError?.message ?? '?'}`);
}
