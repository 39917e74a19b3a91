/**
 * A coordinator in a process of its own for the switching tests and the reattach benchmark, so
 * that it can be SIGKILLed. Argument: JSON {dataDir, postgresUrl, city?, port?, heartbeatMs?}.
 * Prints one JSON line `{url, did}` once it listens.
 */
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { cityOfMatrix } from './switching-coordinators.js';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  postgresUrl: string;
  city?: string;
  port?: number;
  heartbeatMs?: number;
};
const coordinator = await startCoordinator({
  dataDir: options.dataDir,
  postgresUrl: options.postgresUrl,
  port: options.port ?? 0,
  heartbeatMs: options.heartbeatMs ?? 100,
  ...(options.city === undefined ? {} : { emulation: cityOfMatrix(options.city) }),
});
process.stdout.write(`${JSON.stringify({ url: coordinator.url, did: coordinator.did })}\n`);
