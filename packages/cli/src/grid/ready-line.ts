/**
 * A service started by `opengrid ... start` announces itself with one line on stdout once it
 * listens: human text, or with --json one object `{"ok":true,"event":"ready",...}` that scripts
 * (and the devnet) wait for.
 */
export function printReady(
  json: boolean | undefined,
  human: string,
  fields: Record<string, unknown>,
) {
  if (json) process.stdout.write(`${JSON.stringify({ ok: true, event: 'ready', ...fields })}\n`);
  else process.stdout.write(`${human}\n`);
}

/**
 * Set by the devnet for its children: the service also stops when its stdin ends, which happens
 * when the devnet process exits for any reason (even SIGKILL), so no orphan keeps running.
 */
export const STOP_WITH_STDIN_ENV = 'OPENGRID_STOP_WITH_STDIN';

/** Stops a running service on SIGINT/SIGTERM, then exits 0; a second signal exits at once. */
export function stopServiceOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (process.env[STOP_WITH_STDIN_ENV] === '1') {
    process.stdin.on('end', onSignal);
    process.stdin.resume();
  }
}
