/**
 * A node daemon in a process of its own, so a test can SIGKILL it mid-stream the way a machine
 * dies. Arguments: coordinator URL, data folder, capacity as JSON. Prints one JSON line
 * `{url, did}` once the node listens, then runs until killed.
 */
import { startNode } from '../../../grid/src/index.js';

const [coordinatorUrl, dataDir, capacity] = process.argv.slice(2);
if (coordinatorUrl === undefined || dataDir === undefined || capacity === undefined) {
  throw new Error('usage: node-process.ts <coordinator-url> <data-dir> <capacity-json>');
}
const node = await startNode({
  coordinatorUrl,
  dataDir,
  capacity: JSON.parse(capacity),
  workers: 1,
  heartbeatMs: 100,
  logger: false,
});
process.stdout.write(`${JSON.stringify({ url: node.url, did: node.did })}\n`);
