/**
 * The shell blocks of docs/operator-guide.md run as written: each command is run from the repo
 * root with a temporary HOME; `log serve` is started, asked for /healthz, and stopped. The only
 * edits are the ones that let runs coexist: a free port instead of 7700, a unique database name.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason } from '../packages/store/test/postgres-test-database.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GUIDE = readFileSync(join(ROOT, 'docs/operator-guide.md'), 'utf8');
const home = mkdtempSync(join(tmpdir(), 'mycel-guide-'));
const database = `mycel_guide_${process.pid}`;
const env = { ...process.env, HOME: home, MYCEL_HOME: undefined };
const SERVE_START_MS = 20_000;

/** The commands of every ```sh block under a heading, comments dropped. */
function commandsUnder(heading: string): string[] {
  const section = GUIDE.split(/^## /m).find((part) => part.startsWith(heading));
  if (section === undefined) throw new Error(`no section "${heading}" in the operator guide`);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => line.replaceAll('--port 7700', '--port 0').replaceAll('mycel_log', database))
    .map((line) =>
      line.includes('log serve') && !line.includes('--port') ? `${line} --port 0` : line,
    );
}

function run(command: string) {
  return spawnSync('bash', ['-c', command], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

/** Starts a `log serve` command; resolves with its URL once it says it is serving. */
function serve(command: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not serving after ${SERVE_START_MS} ms: ${output}`)),
      SERVE_START_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

/** The process and everything it started (npx runs the service two processes down). */
function processTree(pid: number): number[] {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
  return [pid, ...children.flatMap(processTree)];
}

/** Ctrl-C: SIGINT to every process of the command; resolves once the service stops answering. */
async function stop(child: ChildProcess, url: string): Promise<boolean> {
  for (const pid of processTree(child.pid!).reverse()) process.kill(pid, 'SIGINT');
  for (let attempt = 0; attempt < 50; attempt++) {
    const answered = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (!answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function runSection(heading: string): Promise<void> {
  for (const command of commandsUnder(heading)) {
    if (command.includes('log serve')) {
      const { child, url } = await serve(command);
      const health = await (await fetch(`${url}/healthz`)).json();
      expect(health).toEqual({ ok: true, size: 0 });
      expect(await stop(child, url)).toBe(true);
    } else {
      const result = run(command);
      expect({ command, status: result.status, stderr: result.stderr }).toMatchObject({
        command,
        status: 0,
      });
    }
  }
}

describe('docs/operator-guide.md', () => {
  afterAll(() => {
    run(`dropdb --if-exists -h 127.0.0.1 -U postgres ${database}`);
    rmSync(home, { recursive: true, force: true });
  });

  it('"Start a log" runs as written: a key, then a log service that answers and stops on Ctrl-C', async () => {
    await runSection('Start a log');
    expect(readFileSync(join(home, '.mycel/keys/log.json'), 'utf8')).toContain('mycel-private-key');
  });

  it('"PostgreSQL" runs as written against the local server', async (context) => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable !== undefined) context.skip();
    await runSection('PostgreSQL');
  });
});
