/**
 * The real coordinator in a process of its own, so a test can SIGKILL it. Arguments: data folder,
 * port, heartbeat ms. Prints one JSON line `{url, did, grid}` once it listens.
 */
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';

const [dataDir, port, heartbeatMs] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: node-coordinator-process DATA_DIR [PORT] [MS]');
const coordinator = await startCoordinator({
  dataDir,
  port: Number(port ?? 0),
  heartbeatMs: Number(heartbeatMs ?? 100),
});
process.stdout.write(
  `${JSON.stringify({ url: coordinator.url, did: coordinator.did, grid: coordinator.grid })}\n`,
);
