/**
 * session-setup: a client opens a session and gets its first turn answered — coordinator
 * placement and ticket (HTTP), WebSocket to the node, attach (ticket + client proof checked, the
 * agent's state initialised in a worker), one `tutor` turn to its `done` — against a bare
 * WebSocket connect plus one echo round trip, on loopback, in the same run.
 *
 *   npm run bench -- session-setup [--sessions 300]
 *
 * The coordinator, the node and the echo server are child processes; the client is this process
 * and uses @mycel/sdk's openSession exactly as an app does (landmark probing off: on loopback
 * there is no geography to learn). Samples are paired: one bare connect+echo, then one session,
 * alternating, so a noisy second hits both. Reported: the medians and their ratio (target ≤ 3).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openSession } from '@mycel/sdk';
import WebSocket from 'ws';
import { startBenchGrid } from './support/bench-grid.js';
import { percentile, round } from './support/stats.js';

const { values: options } = parseArgs({
  options: { sessions: { type: 'string', default: '300' } },
});
const SESSIONS = Number(options.sessions);
const WARMUP = 20;

async function startEchoServer() {
  const child = spawn(
    process.execPath,
    [new URL('./support/echo-server.js', import.meta.url).pathname],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return { url: `ws://127.0.0.1:${port}`, stop: () => child.stdin!.end() };
}

function bareConnectAndEcho(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => socket.send('{"t":"turn","seq":1,"input":"start"}'));
    socket.once('message', () => {
      const elapsed = performance.now() - started;
      socket.close();
      resolve(elapsed);
    });
    socket.once('error', reject);
  });
}

async function sessionToFirstTurn(coordinator: string): Promise<number> {
  const started = performance.now();
  const session = await openSession({ coordinator, agent: 'tutor', probeLandmarks: false });
  for await (const _chunk of session.send('start')) {
    // the turn is answered when its stream ends (done)
  }
  const elapsed = performance.now() - started;
  await session.close();
  return elapsed;
}

process.stdout.write(
  `session-setup: ${SESSIONS} paired samples (after ${WARMUP} warm-up pairs)\nreproduce: npm run bench -- session-setup --sessions ${SESSIONS}\n`,
);
const grid = await startBenchGrid(['--workers', '1', '--capacity', 'interactive=256']);
const echo = await startEchoServer();
const bare: number[] = [];
const setup: number[] = [];
try {
  for (let i = 0; i < WARMUP + SESSIONS; i += 1) {
    const bareMs = await bareConnectAndEcho(echo.url);
    const setupMs = await sessionToFirstTurn(grid.coordinator.url);
    if (i >= WARMUP) {
      bare.push(bareMs);
      setup.push(setupMs);
    }
  }
} finally {
  echo.stop();
  await grid.stop();
}
bare.sort((a, b) => a - b);
setup.sort((a, b) => a - b);
const p50Ms = percentile(setup, 0.5);
const bareP50Ms = percentile(bare, 0.5);
process.stdout.write(
  `session to first turn: p50 ${round(p50Ms)} ms, p99 ${round(percentile(setup, 0.99))} ms; bare connect + echo: p50 ${round(bareP50Ms)} ms\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'session-setup',
    sessions: setup.length,
    p50Ms: round(p50Ms),
    p99Ms: round(percentile(setup, 0.99)),
    bareP50Ms: round(bareP50Ms),
    ratio: round(p50Ms / bareP50Ms, 2),
  })}\n`,
);
