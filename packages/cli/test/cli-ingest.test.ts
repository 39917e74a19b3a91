/**
 * `mycel ingest` as real processes: the operator guide's two commands (a simulated SunSpec site,
 * then one poll of it), with a free port for 1502 and --json added; then a read where nothing
 * listens, one of a Modbus device without the SunSpec marker, and one with a malformed address.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../src/devnet/free-port.js';
import { commandsOf, shellBlocks } from './pasted-shell.js';
import {
  exitOf,
  expectFailure,
  homeEnvironment,
  killIfRunning,
  REPO_ROOT,
  readLinesUntil,
  runMycel,
  startMycel,
  temporaryFolder,
} from './run-mycel.js';

const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 5_000;
const GUIDE_PORT = '1502';
const workspace = temporaryFolder('ingest');
const options = { cwd: workspace, env: homeEnvironment(join(workspace, 'home')) };
const children: ChildProcess[] = [];
const servers: Server[] = [];

afterAll(async () => {
  for (const child of children) killIfRunning(child);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(workspace, { recursive: true, force: true });
});

/** The `mycel ingest` commands of the guide's section, as argument lists after `npx mycel`. */
function guideCommands(): string[][] {
  const guide = readFileSync(join(REPO_ROOT, 'docs', 'operator-guide.md'), 'utf8');
  return shellBlocks(guide)
    .filter(({ heading }) => heading === 'Reading a SunSpec inverter')
    .flatMap(({ block }) => commandsOf(block))
    .map((command) => {
      const words = command.replace(/\s+#.*$/, '').split(/\s+/);
      expect(words.slice(0, 3)).toEqual(['npx', 'mycel', 'ingest']);
      return words.slice(2);
    });
}

/**
 * A Modbus TCP device that is not SunSpec: every holding register it is asked for reads 0.
 * Requests are MBAP (transaction, protocol, length, unit) + PDU (function 3, address, count).
 */
function startPlainModbusDevice(): Promise<number> {
  const answer = (socket: Socket, request: Buffer) => {
    const count = request.readUInt16BE(10);
    const reply = Buffer.alloc(9 + 2 * count);
    request.copy(reply, 0, 0, 4);
    reply.writeUInt16BE(3 + 2 * count, 4);
    reply[6] = request[6]!;
    reply[7] = 3;
    reply[8] = 2 * count;
    socket.write(reply);
  };
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 7 && pending.length >= 6 + pending.readUInt16BE(4)) {
        const request = pending.subarray(0, 6 + pending.readUInt16BE(4));
        pending = pending.subarray(request.length);
        if (request[7] === 3 && request.length === 12) answer(socket, request);
        else socket.destroy();
      }
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

interface JsonReading {
  metric: string;
  value: number;
  unit: string;
  capturedAt: string;
  raw: Record<string, number | string>;
}

describe('mycel ingest', () => {
  it("reads the guide's simulated site: models, readings in Wh, meter = inverter less losses, and stops on SIGTERM", async () => {
    const [simulateArgs, readArgs, ...rest] = guideCommands();
    expect(rest).toEqual([]);
    expect(simulateArgs!.slice(0, 2)).toEqual(['ingest', 'simulate']);
    expect(readArgs!.slice(0, 2)).toEqual(['ingest', 'read']);
    const simulator = startMycel(
      [...simulateArgs!.map((word) => (word === GUIDE_PORT ? '0' : word)), '--json'],
      options,
    );
    children.push(simulator);
    const [line] = await readLinesUntil(simulator, () => true, START_WAIT_MS);
    const ready = JSON.parse(line!);
    expect(ready).toEqual({
      ok: true,
      host: '127.0.0.1',
      port: expect.any(Number),
      units: { inverter: 1, meter: 2, met: 3 },
      site: { lat: 13.08, lon: 80.27, ratedAcPowerW: 5000, nameplateDcW: 5750, inflate: 1 },
      inverterStartWh: 1_000_000,
      meterStartWh: 987_500,
      meterLoss: 0.0125,
    });
    expect(ready.port).toBeGreaterThan(0);

    const before = Date.now();
    const read = await runMycel(
      [
        ...readArgs!.map((word) =>
          word.replace(`127.0.0.1:${GUIDE_PORT}`, `127.0.0.1:${ready.port}`),
        ),
        '--json',
      ],
      options,
    );
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    const result = JSON.parse(read.stdout);
    const header = (id: number, name: string, length: number) => [
      { id: 1, name: 'common', address: 40002, length: 65 },
      { id, name, address: 40069, length },
    ];
    expect(result.modbus).toEqual({ host: '127.0.0.1', port: ready.port });
    expect(result.units).toEqual([
      { role: 'inverter', unit: 1, models: header(103, 'three-phase inverter', 50) },
      { role: 'meter', unit: 2, models: header(203, 'wye three-phase meter', 105) },
      { role: 'met', unit: 3, models: header(302, 'irradiance', 5) },
    ]);
    const readings = result.readings as JsonReading[];
    expect(readings.map(({ metric, unit }) => [metric, unit])).toEqual([
      ['WH', 'Wh'],
      ['W', 'W'],
      ['TotWhExp', 'Wh'],
      ['POAI', 'W/m2'],
    ]);
    for (const reading of readings) {
      const at = Date.parse(reading.capturedAt);
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    const [wh, w, totWhExp, poai] = readings;
    // Accumulators: acc32 = high word × 65536 + low word, value = acc × 10^sf Wh.
    for (const [accumulator, model] of [
      [wh!, 103],
      [totWhExp!, 203],
    ] as const) {
      const { raw } = accumulator;
      expect(raw).toEqual({
        model,
        word0: expect.any(Number),
        word1: expect.any(Number),
        acc: expect.any(Number),
        sf: 0,
      });
      expect(raw.acc).toBe((raw.word0 as number) * 65536 + (raw.word1 as number));
      expect(accumulator.value).toBe((raw.acc as number) * 10 ** (raw.sf as number));
    }
    // Both count from their start values what the array made since the simulator started; the
    // meter sees it less the AC losses. Each count floors (1 Wh), and the meter is read a few ms
    // after the inverter (under 1 Wh more at 5 kW), so they agree within 2 Wh.
    const inverterWh = wh!.value - ready.inverterStartWh;
    const meterWh = totWhExp!.value - ready.meterStartWh;
    expect(inverterWh).toBeGreaterThanOrEqual(0);
    expect(Math.abs(meterWh - inverterWh * (1 - ready.meterLoss))).toBeLessThanOrEqual(2);
    expect(w!.value).toBeGreaterThanOrEqual(0);
    expect(w!.value).toBeLessThanOrEqual(5000);
    expect(w!.raw).toEqual({ model: 103, state: expect.stringMatching(/^(mppt|sleeping)$/) });
    expect(poai!.value).toBeGreaterThanOrEqual(0);
    expect(poai!.raw).toEqual({ model: 302 });

    simulator.kill('SIGTERM');
    expect(await exitOf(simulator, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });
  });

  it('refuses nothing listening, a Modbus device without SunS, and a malformed address, each by its code', async () => {
    const [closedPort, plainPort] = await Promise.all([
      freeLoopbackPort(),
      startPlainModbusDevice(),
    ]);
    const [refused, notSunSpec, malformed] = await Promise.all([
      runMycel(['ingest', 'read', '--modbus', `127.0.0.1:${closedPort}`, '--json'], options),
      runMycel(['ingest', 'read', '--modbus', `127.0.0.1:${plainPort}`], options),
      runMycel(['ingest', 'read', '--modbus', '127.0.0.1'], options),
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      ok: false,
      error: { code: 'modbus_connect_failed', message: expect.stringContaining(`${closedPort}`) },
    });
    expectFailure(notSunSpec, 'sunspec_marker_missing');
    expectFailure(malformed, 'argument_invalid');
  });
});
