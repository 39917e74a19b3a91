/**
 * A TCP port free a moment ago on 127.0.0.1, for a service that must be started later at an
 * address known now (a coordinator that joins the canopy after its neighbours were told of it).
 */
import { createServer } from 'node:net';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
