/**
 * A real coordinator in a child process, started by a script of this folder that prints one
 * JSON line `{url, did}` once it listens. Tests SIGKILL it to act out a coordinator's death.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CoordinatorChild {
  readonly url: string;
  readonly did: string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Runs `./<script>` with `args` under tsx and resolves with what its first line says. */
export async function spawnCoordinatorChild(
  script: string,
  args: readonly string[],
): Promise<CoordinatorChild> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const line = await new Promise<string>((done, fail) => {
    let text = '';
    child.stdout.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      if (text.includes('\n')) done(text.slice(0, text.indexOf('\n')));
    });
    child.once('exit', (code) => fail(new Error(`the coordinator exited with ${code}`)));
  });
  const started = JSON.parse(line) as { url: string; did: string };
  return {
    url: started.url,
    did: started.did,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
