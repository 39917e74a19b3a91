import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { LOG_SERVICE_PORT_DEFAULT, SHUTDOWN_GRACE_MS } from '../limits.js';
import { type LogContext, type LogOptions, openLogContext } from '../log-context.js';
import { DEFAULT_ORIGIN, defaultStoreLocation } from '../mycel-home.js';
import { type OutputOptions, runCommand } from '../output.js';
import { openServiceVault, readPolicyPack } from '../server/evidence-vault-context.js';
import { buildLogServer } from '../server/log-server.js';
import { withLogOptions } from './log-options.js';

export interface ServeOptions extends LogOptions, OutputOptions {
  readonly host: string;
  readonly port: string;
  readonly logLevel: string;
  /** A signed policy pack with an evidence section: serve the evidence vault routes too. */
  readonly policyPack?: string;
}

export interface RunningService {
  readonly url: string;
  readonly context: LogContext;
  stop(): Promise<void>;
}

export async function startLogService(options: ServeOptions): Promise<RunningService> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError('argument_invalid', '--port is 0-65535');
  const pack =
    options.policyPack === undefined ? undefined : readPolicyPack(options.policyPack, Date.now());
  const context = await openLogContext(options);
  const store = options.store ?? defaultStoreLocation();
  const name = options.origin ?? DEFAULT_ORIGIN;
  const vault = pack === undefined ? undefined : await openServiceVault({ store, name });
  const app = buildLogServer({
    log: context.log,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    ...(vault === undefined ? {} : { evidence: { vault, pack: pack!, now: () => Date.now() } }),
  });
  let url: string;
  try {
    url = await app.listen({ host: options.host, port });
  } catch (error) {
    await vault?.close();
    await context.close();
    throw new CliError(
      'argument_invalid',
      `cannot listen on ${options.host}:${port}: ${String(error)}`,
    );
  }
  return {
    url,
    context,
    async stop() {
      const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
      await app.close();
      await vault?.close();
      await context.close();
      clearTimeout(timer);
    },
  };
}

/** Stops the service cleanly on Ctrl-C or a termination signal. */
export function stopOnSignals(service: RunningService): void {
  const stop = () => {
    void service.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerLogServe(log: Command): void {
  withLogOptions(
    log
      .command('serve')
      .description(
        'serve the log over HTTP: POST /v1/proofs, GET /v1/checkpoint, /v1/entries, /v1/inclusion, /v1/consistency',
      )
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option(
        '--port <port>',
        'port to listen on (0 picks a free one)',
        String(LOG_SERVICE_PORT_DEFAULT),
      )
      .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
      .option(
        '--policy-pack <file>',
        'a signed policy pack with an evidence section: also serve the evidence vault (/v1/evidence)',
      ),
  ).action((options: ServeOptions) =>
    runCommand(options, async () => {
      const service = await startLogService(options);
      const verifierKey = service.context.log.verifierKey();
      if (options.json)
        process.stdout.write(`${JSON.stringify({ ok: true, url: service.url, verifierKey })}\n`);
      else
        process.stdout.write(`mycel log serving on ${service.url}\nverifier key: ${verifierKey}\n`);
      stopOnSignals(service);
    }),
  );
}
