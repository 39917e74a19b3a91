// The session-setup baseline: a bare WebSocket server that echoes every message. It prints its
// port on stdout once it listens, and exits when its parent closes stdin.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
