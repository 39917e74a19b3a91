import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CAPABILITY_REGISTRY_SQLITE_FILE,
  type CapabilityRegistry,
  CONTRACT_SQLITE_FILE,
  type ContractStore,
  openCapabilityRegistry,
  openContractStore,
} from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { LOG_SERVICE_PORT_DEFAULT, SHUTDOWN_GRACE_MS } from '../limits.js';
import { type LogContext, type LogOptions, openLogContext } from '../log-context.js';
import { DEFAULT_ORIGIN, defaultStoreLocation, mycelHome } from '../mycel-home.js';
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
  /** A capability registry's SQLite file (or `default`): serve /v1/registry too. */
  readonly registry?: string;
  /** A contract store's SQLite file (or `default`): serve /v1/contracts too. */
  readonly contracts?: string;
}

/** The word `--registry` and `--contracts` take for the store under $MYCEL_HOME. */
export const DEFAULT_STORE_WORD = 'default';

/** A SQLite path from an option: `default` is `file` under $MYCEL_HOME; its folder is made. */
function sqlitePathOf(option: string, file: string): string {
  const path = option === DEFAULT_STORE_WORD ? join(mycelHome(), file) : option;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return path;
}

interface ServiceStores {
  readonly registry?: CapabilityRegistry;
  readonly contracts?: ContractStore;
}

/** Opens the registry and the contract store asked for; a failure closes what was opened. */
async function openServiceStores(options: ServeOptions): Promise<ServiceStores> {
  let registry: CapabilityRegistry | undefined;
  try {
    if (options.registry !== undefined) {
      const sqlitePath = sqlitePathOf(options.registry, CAPABILITY_REGISTRY_SQLITE_FILE);
      registry = await openCapabilityRegistry({ sqlitePath });
    }
    const contracts =
      options.contracts === undefined
        ? undefined
        : await openContractStore({
            sqlitePath: sqlitePathOf(options.contracts, CONTRACT_SQLITE_FILE),
          });
    return {
      ...(registry === undefined ? {} : { registry }),
      ...(contracts === undefined ? {} : { contracts }),
    };
  } catch (error) {
    await registry?.close();
    throw error;
  }
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
  let stores: ServiceStores;
  try {
    stores = await openServiceStores(options);
  } catch (error) {
    await vault?.close();
    await context.close();
    throw error;
  }
  const closeStores = async () => {
    await stores.contracts?.close();
    await stores.registry?.close();
    await vault?.close();
    await context.close();
  };
  const now = () => Date.now();
  const app = buildLogServer({
    log: context.log,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    ...(vault === undefined ? {} : { evidence: { vault, pack: pack!, now } }),
    ...(stores.registry === undefined ? {} : { registry: { registry: stores.registry, now } }),
    ...(stores.contracts === undefined ? {} : { contracts: { store: stores.contracts, now } }),
  });
  let url: string;
  try {
    url = await app.listen({ host: options.host, port });
  } catch (error) {
    await closeStores();
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
      await closeStores();
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
      )
      .option(
        '--registry <file>',
        `a capability registry's SQLite file, or '${DEFAULT_STORE_WORD}' for $MYCEL_HOME/${CAPABILITY_REGISTRY_SQLITE_FILE}: also serve /v1/registry`,
      )
      .option(
        '--contracts <file>',
        `a contract store's SQLite file, or '${DEFAULT_STORE_WORD}' for $MYCEL_HOME/${CONTRACT_SQLITE_FILE}: also serve /v1/contracts`,
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
