/**
 * `opengrid agent publish DIR`: pack an agent directory into a bundle, sign it with the
 * publisher's key, and upload it to the coordinator's asset store under its content address.
 * Nodes fetch it by that address and check hash and signature before first use.
 */
import { readFileSync } from 'node:fs';
import { packAgentDirectory } from '@mycel/grid';
import { COORDINATOR_PATHS, checkErrorBody } from '@mycel/wire';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readSigner } from '../key-file.js';
import { AGENT_PUBLISH_TIMEOUT_MS } from '../limits.js';
import { printResult, ResultFailure, runCommand } from '../output.js';

interface PublishOptions {
  coordinator: string;
  key: string;
  json?: boolean;
}

export function registerAgentPublish(agent: Command): void {
  agent
    .command('publish')
    .description('pack DIR (agent.json + files), sign it, upload it to the coordinator')
    .argument('<dir>', 'the agent directory: agent.json {name, version, entry} and its files')
    .requiredOption('--coordinator <url>', 'the coordinator whose asset store takes the bundle')
    .requiredOption('--key <file>', 'the publisher key file (from `mycel keygen`)')
    .option('--json', 'print the result as JSON')
    .action((dir: string, options: PublishOptions) =>
      runCommand(options, async () => {
        readFileSync(options.key); // a missing key file is reported before packing
        const signer = readSigner(options.key);
        const packed = packAgentDirectory(dir, signer, new Date().toISOString());
        if (!packed.ok) throw new ResultFailure(packed.error);
        const { bytes, bundle, assetId } = packed.value;
        const url = new URL(COORDINATOR_PATHS.asset.replace(':id', assetId), options.coordinator);
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream' },
            body: bytes,
            signal: AbortSignal.timeout(AGENT_PUBLISH_TIMEOUT_MS),
          });
        } catch (error) {
          throw new CliError(
            'argument_invalid',
            `cannot reach ${options.coordinator}: ${String(error)}`,
          );
        }
        if (!response.ok) {
          const body: unknown = await response.json().catch(() => undefined);
          if (checkErrorBody.Check(body)) throw new ResultFailure(body.error);
          throw new CliError(
            'argument_invalid',
            `the coordinator answered HTTP ${response.status}`,
          );
        }
        printResult(
          options,
          `published ${bundle.name}@${bundle.version} as ${assetId} (${bytes.length} bytes)`,
          { assetId, name: bundle.name, version: bundle.version, bytes: bytes.length },
        );
      }),
    );
}
