/**
 * The OPC UA adapter against a real meter server over SignAndEncrypt on 127.0.0.1: readings
 * with units and device timestamps, and each refusal with its code. One server and a few
 * client identities are shared by the file (node-opcua's import, its standard nodeset and RSA
 * keys cost seconds of CPU each), so the server stopping mid-session is the file's last test.
 */
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Outcome } from '@mycel/kernel';
import { LogLevel, MessageSecurityMode, OPCUAClient, setLogLevel } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPCUA_READ_NODES_MAX } from '../../src/limits/opcua.js';
import { certificateThumbprint } from '../../src/opcua/certificate-der.js';
import { exchangeCertificates } from '../../src/opcua/certificate-exchange.js';
import {
  createOpcuaClientIdentity,
  type OpcuaClientIdentity,
} from '../../src/opcua/client-identity.js';
import {
  connectOpcuaMeter,
  type OpcuaMeterClient,
  type OpcuaMeterClientOptions,
} from '../../src/opcua/meter-client.js';
import { type MeterServer, startMeterServer } from '../../src/opcua/meter-server.js';
import type { OpcuaErrorCode } from '../../src/opcua/opcua-error-codes.js';
import { OPCUA_SECURITY_POLICIES } from '../../src/opcua/security-policy.js';
import type { Reading } from '../../src/reading.js';

const DEVICE = 'did:key:z6MkOpcuaMeter';
const T0 = Date.parse('2026-06-01T10:00:00Z');
const MINUTE = 60_000;

let server: MeterServer;
let gateway: OpcuaClientIdentity;
let stranger: OpcuaClientIdentity;
let client: OpcuaMeterClient;
const opened: OpcuaMeterClient[] = [];

/** Resolves once `list` holds `count` entries; fails the test after `ms`. */
async function untilLength(list: readonly unknown[], count: number, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (list.length < count) {
    if (Date.now() > deadline)
      throw new Error(`waited ${ms} ms for ${count} entries, have ${list.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function connect(options: Partial<OpcuaMeterClientOptions> = {}) {
  const outcome = await connectOpcuaMeter({
    endpointUrl: server.endpointUrl,
    identity: gateway,
    serverCertificate: server.certificate,
    device: DEVICE,
    ...options,
  });
  if (outcome.ok) opened.push(outcome.value);
  return outcome;
}

beforeAll(async () => {
  // The refusals below are asserted by code; node-opcua's warnings about them are noise here.
  setLogLevel(LogLevel.Error);
  const started = await startMeterServer({
    label: 'adapter-test',
    initial: { energyWh: 1_000_000, powerW: 0, at: T0 },
  });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
  [gateway, stranger] = await Promise.all([
    createOpcuaClientIdentity('gateway'),
    createOpcuaClientIdentity('stranger'),
  ]);
  const given = await exchangeCertificates(server, gateway);
  if (!given.ok) throw new Error(given.error.message);
  const connected = await connect({ serverCertificate: given.value });
  if (!connected.ok) throw new Error(connected.error.message);
  client = connected.value;
});

afterAll(async () => {
  for (const each of opened) await each.close();
  await server?.stop();
  await gateway?.dispose();
  await stranger?.dispose();
});

describe('OPC UA meter adapter: readings', () => {
  it('reads a changing accumulator and power with their units and the device clock', async () => {
    const steps = [
      { minutes: 15, energyWh: 1_000_750, powerW: 3_000 },
      { minutes: 30, energyWh: 1_001_600, powerW: 3_400.5 },
      { minutes: 45, energyWh: 1_002_400, powerW: 3_200 },
    ];
    const seen = [];
    for (const step of steps) {
      const at = T0 + step.minutes * MINUTE;
      server.set('energy', step.energyWh, at);
      server.set('power', step.powerW, at);
      const batch = await client.read([server.nodeIds.energy, server.nodeIds.power]);
      expect(batch.ok && batch.value.refused).toEqual([]);
      if (batch.ok) seen.push(...batch.value.readings);
    }
    expect(seen.map((r) => [r.metric, r.value, r.unit, r.capturedAt])).toEqual([
      ['ExportedEnergy', 1_000_750, 'Wh', '2026-06-01T10:15:00.000Z'],
      ['ActivePower', 3_000, 'W', '2026-06-01T10:15:00.000Z'],
      ['ExportedEnergy', 1_001_600, 'Wh', '2026-06-01T10:30:00.000Z'],
      ['ActivePower', 3_400.5, 'W', '2026-06-01T10:30:00.000Z'],
      ['ExportedEnergy', 1_002_400, 'Wh', '2026-06-01T10:45:00.000Z'],
      ['ActivePower', 3_200, 'W', '2026-06-01T10:45:00.000Z'],
    ]);
    expect(seen[0]).toMatchObject({
      device: DEVICE,
      source: 'opc-ua',
      raw: { statusCode: 0, nodeId: server.nodeIds.energy, dataType: 'Double' },
    });
    expect(client.securityPolicyUri).toBe(OPCUA_SECURITY_POLICIES.Basic256Sha256);
  });

  it('delivers each change of a monitored accumulator, and refuses a Bad one', async () => {
    const seen: Outcome<Reading, OpcuaErrorCode>[] = [];
    const monitor = await client.monitor([server.nodeIds.energy], (outcome) => seen.push(outcome));
    expect(monitor.ok).toBe(true);
    if (!monitor.ok) return;
    await untilLength(seen, 1);
    const steps = [1_003_000, 1_003_800, 1_004_500];
    for (const [i, energyWh] of steps.entries()) {
      server.set('energy', energyWh, T0 + (61 + i) * MINUTE);
      await untilLength(seen, i + 2);
    }
    server.setStatus('energy', 'BadCommunicationError', T0 + 64 * MINUTE);
    await untilLength(seen, 5);
    await monitor.value.stop();
    await monitor.value.stop();
    expect(
      seen
        .slice(1, 4)
        .map((o) => o.ok && [o.value.metric, o.value.value, o.value.unit, o.value.capturedAt]),
    ).toEqual([
      ['ExportedEnergy', 1_003_000, 'Wh', '2026-06-01T11:01:00.000Z'],
      ['ExportedEnergy', 1_003_800, 'Wh', '2026-06-01T11:02:00.000Z'],
      ['ExportedEnergy', 1_004_500, 'Wh', '2026-06-01T11:03:00.000Z'],
    ]);
    expect(seen[4]?.ok || seen[4]?.error.code).toBe('opcua_status_not_good');
    server.set('energy', 1_004_600, T0 + 65 * MINUTE);
  });

  it('also connects with Aes128_Sha256_RsaOaep', async () => {
    const aes = await connect({ securityPolicy: 'Aes128_Sha256_RsaOaep' });
    expect(aes.ok).toBe(true);
    if (!aes.ok) return;
    const reading = await aes.value.readOne(server.nodeIds.energy);
    expect(reading.ok && reading.value.unit).toBe('Wh');
    await aes.value.close();
  });

  it('offers SignAndEncrypt endpoints only', async () => {
    const probe = OPCUAClient.create({
      clientCertificateManager: gateway.pki.certificateManager,
      certificateFile: gateway.certificateFile,
      applicationUri: gateway.applicationUri,
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0 },
    });
    await probe.connect(server.endpointUrl);
    const endpoints = await probe.getEndpoints();
    await probe.disconnect();
    expect(endpoints.length).toBeGreaterThan(0);
    for (const endpoint of endpoints)
      expect(endpoint.securityMode).toBe(MessageSecurityMode.SignAndEncrypt);
  });
});

describe('OPC UA meter adapter: trust', () => {
  it('refuses a session from a client certificate the server was not given', async () => {
    const trustedBefore = readdirSync(server.trustedFolder);
    const outcome = await connect({ identity: stranger });
    expect(outcome.ok || outcome.error.code).toBe('opcua_certificate_untrusted');
    expect(readdirSync(server.trustedFolder)).toEqual(trustedBefore);
    // The refused certificate waits in rejected/ for the operator to review.
    const rejected = readdirSync(join(server.trustedFolder, '..', '..', 'rejected'));
    expect(
      rejected.some((name) => name.includes(certificateThumbprint(stranger.certificate))),
    ).toBe(true);
  });

  it('refuses a server whose certificate the client was not given', async () => {
    const fresh = await createOpcuaClientIdentity('fresh');
    try {
      expect((await server.trustClientCertificate(fresh.certificate)).ok).toBe(true);
      const outcome = await connect({ identity: fresh, serverCertificate: stranger.certificate });
      expect(outcome.ok || outcome.error.code).toBe('opcua_server_certificate_untrusted');
    } finally {
      await fresh.dispose();
    }
  });

  it('refuses a server certificate trusted for an earlier connection but not given to this one', async () => {
    const outcome = await connect({ serverCertificate: stranger.certificate });
    expect(outcome.ok || outcome.error.code).toBe('opcua_server_certificate_untrusted');
  });

  it('trusts a client certificate an operator placed in the trusted folder', async () => {
    const placed = await createOpcuaClientIdentity('placed');
    try {
      const thumbprint = certificateThumbprint(placed.certificate);
      await writeFile(join(server.trustedFolder, `placed[${thumbprint}].der`), placed.certificate);
      await server.reloadTrust();
      const outcome = await connect({ identity: placed });
      expect(outcome.ok).toBe(true);
      if (outcome.ok) await outcome.value.close();
    } finally {
      await placed.dispose();
    }
  });

  it('refuses to trust bytes that are not one certificate', async () => {
    const outcome = await server.trustClientCertificate(Buffer.from('not a certificate'));
    expect(outcome.ok || outcome.error.code).toBe('opcua_certificate_invalid');
    const chain = await server.trustClientCertificate(
      Buffer.concat([gateway.certificate, stranger.certificate]),
    );
    expect(chain.ok || chain.error.code).toBe('opcua_certificate_invalid');
  });
});

describe('OPC UA meter adapter: bad input', () => {
  it('refuses a value with a Bad status and still reads the other node', async () => {
    const at = T0 + 50 * MINUTE;
    server.set('energy', 1_002_700, at);
    server.setStatus('power', 'BadSensorFailure', at);
    const batch = await client.read([server.nodeIds.energy, server.nodeIds.power]);
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    expect(batch.value.readings.map((r) => [r.metric, r.value])).toEqual([
      ['ExportedEnergy', 1_002_700],
    ]);
    expect(batch.value.refused).toEqual([
      expect.objectContaining({ nodeId: server.nodeIds.power, code: 'opcua_status_not_good' }),
    ]);
    server.set('power', 3_100, at);
  });

  it('refuses a value with an Uncertain status', async () => {
    server.setStatus('energy', 'UncertainLastUsableValue', T0 + 55 * MINUTE);
    const outcome = await client.readOne(server.nodeIds.energy);
    expect(outcome.ok || outcome.error.code).toBe('opcua_status_not_good');
    server.set('energy', 1_002_900, T0 + 55 * MINUTE);
  });

  it('refuses a node the server does not have', async () => {
    const missing = server.nodeIds.energy.replace('ExportedEnergy', 'ImportedEnergy');
    const batch = await client.read([missing, server.nodeIds.energy]);
    expect(batch.ok && batch.value.refused.map((r) => [r.nodeId, r.code])).toEqual([
      [missing, 'opcua_node_unknown'],
    ]);
    expect(batch.ok && batch.value.readings.map((r) => r.value)).toEqual([1_002_900]);
  });

  it('refuses a malformed node id before asking the server', async () => {
    const outcome = await client.read(['ns=1;q=nonsense']);
    expect(outcome.ok || outcome.error.code).toBe('opcua_node_id_invalid');
  });

  it('refuses an empty read and one over OPCUA_READ_NODES_MAX nodes', async () => {
    expect((await client.read([])).ok || 'refused').toBe('refused');
    const many = Array.from({ length: OPCUA_READ_NODES_MAX + 1 }, () => server.nodeIds.energy);
    const outcome = await client.read(many);
    expect(outcome.ok || outcome.error.code).toBe('opcua_too_many_nodes');
  });

  it('refuses an endpoint that is not opc.tcp://host:port', async () => {
    const outcome = await connect({ endpointUrl: 'http://127.0.0.1:4840' });
    expect(outcome.ok || outcome.error.code).toBe('opcua_endpoint_invalid');
  });

  it('answers connect_timeout when the peer accepts TCP but never speaks OPC UA', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const outcome = await connect({
        endpointUrl: `opc.tcp://127.0.0.1:${port}`,
        connectTimeoutMs: 300,
      });
      expect(outcome.ok || outcome.error.code).toBe('opcua_connect_timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('answers connect_failed when nothing listens', async () => {
    const outcome = await connect({ endpointUrl: 'opc.tcp://127.0.0.1:1' });
    expect(outcome.ok || outcome.error.code).toBe('opcua_connect_failed');
  });
});

// Last: it stops the shared server.
describe('OPC UA meter adapter: the server goes away', () => {
  it('answers opcua_connection_lost after the server stops mid-session, and leaves no folders', async () => {
    const before = await client.readOne(server.nodeIds.energy);
    expect(before.ok).toBe(true);
    const monitored: Outcome<Reading, OpcuaErrorCode>[] = [];
    const monitor = await client.monitor([server.nodeIds.power], (outcome) =>
      monitored.push(outcome),
    );
    expect(monitor.ok).toBe(true);
    await untilLength(monitored, 1);
    await server.stop();
    await untilLength(monitored, 2);
    expect(monitored[1]?.ok || monitored[1]?.error.code).toBe('opcua_connection_lost');
    const after = await client.readOne(server.nodeIds.energy);
    expect(after.ok || after.error.code).toBe('opcua_connection_lost');
    expect(existsSync(server.trustedFolder)).toBe(false);
    await client.close();
    await client.close();
    const closed = await client.readOne(server.nodeIds.energy);
    expect(closed.ok || closed.error.code).toBe('opcua_client_closed');
  });

  it("removes a client identity's folder on dispose", async () => {
    const identity = await createOpcuaClientIdentity('short-lived');
    expect(existsSync(identity.pki.folder)).toBe(true);
    await identity.dispose();
    expect(existsSync(identity.pki.folder)).toBe(false);
  });
});
