/**
 * `opengrid agent publish DIR`: pack an agent directory into a bundle, sign it with the
 * publisher's key, and upload it to the coordinator's asset store under its content address.
 * Nodes fetch it by that address and check hash and signature before first use.
 *
 * The bundle records when it was published (`publishedAt`, now unless `--published-at` names a
 * time), so the same directory, key and time give the same bytes and the same asset id: a
 * second upload of them is a no-op the coordinator answers with 200 instead of 201.
 */
import { packAgentDirectory } from '@mycel/grid';
import { parseTimestamp } from '@mycel/kernel';
import { COORDINATOR_PATHS, checkErrorBody } from '@mycel/wire';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readSigner } from '../key-file.js';
import { AGENT_PUBLISH_TIMEOUT_MS } from '../limits.js';
import { printResult, ResultFailure, runCommand } from '../output.js';

interface PublishOptions {
  coordinator: string;
  key: string;
  publishedAt?: string;
  json?: boolean;
}

/** What PUT /v1/assets/:id answers when the bytes verify as an agent bundle. */
interface StoredAnswer {
  readonly agent?: { readonly listed?: boolean };
}

function coordinatorUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new CliError(
    'argument_invalid',
    `--coordinator takes an http(s) URL such as http://127.0.0.1:7800, not ${text}`,
  );
}

function publishedAtOption(text: string | undefined): string {
  if (text === undefined) return new Date().toISOString();
  if (parseTimestamp(text) === undefined) {
    throw new CliError(
      'argument_invalid',
      `--published-at takes an RFC 3339 UTC time such as 2026-11-28T10:00:00Z, not ${text}`,
    );
  }
  return text;
}

export function registerAgentPublish(agent: Command): void {
  agent
    .command('publish')
    .description('pack DIR (agent.json + files), sign it, upload it to the coordinator')
    .argument('<dir>', 'the agent directory: agent.json {name, version, entry} and its files')
    .requiredOption('--coordinator <url>', 'the coordinator whose asset store takes the bundle')
    .requiredOption('--key <file>', 'the publisher key file (from `mycel keygen`)')
    .option(
      '--published-at <time>',
      'the publication time the bundle records (default now); fixing it makes the bytes reproducible',
    )
    .option('--json', 'print the result as JSON')
    .action((dir: string, options: PublishOptions) =>
      runCommand(options, async () => {
        const base = coordinatorUrl(options.coordinator);
        const publishedAt = publishedAtOption(options.publishedAt);
        const signer = readSigner(options.key);
        const packed = packAgentDirectory(dir, signer, publishedAt);
        if (!packed.ok) throw new ResultFailure(packed.error);
        const { bytes, bundle, assetId } = packed.value;
        const url = new URL(COORDINATOR_PATHS.asset.replace(':id', assetId), base);
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream' },
            body: bytes,
            signal: AbortSignal.timeout(AGENT_PUBLISH_TIMEOUT_MS),
          });
        } catch (error) {
          throw new ResultFailure({
            code: 'coordinator_unavailable',
            message: `PUT ${url} got no answer: ${String((error as Error).cause ?? error)}`,
          });
        }
        const body: unknown = await response.json().catch(() => undefined);
        if (!response.ok) {
          if (checkErrorBody.Check(body)) throw new ResultFailure(body.error);
          throw new CliError(
            'argument_invalid',
            `${options.coordinator} answered HTTP ${response.status}; is it an OpenGrid coordinator?`,
          );
        }
        const stored = response.status === 201 ? 'new' : 'existing';
        // The first publisher of a name keeps it; a bundle by another key is reachable by id only.
        const listed = (body as StoredAnswer | undefined)?.agent?.listed !== false;
        const notes = [
          ...(stored === 'existing' ? ['already stored'] : []),
          ...(listed ? [] : [`the name ${bundle.name} belongs to another publisher: use the id`]),
        ];
        printResult(
          options,
          `published ${bundle.name}@${bundle.version} as ${assetId} (${bytes.length} bytes${notes.map((note) => `; ${note}`).join('')})`,
          {
            assetId,
            name: bundle.name,
            version: bundle.version,
            bytes: bytes.length,
            publishedAt,
            stored,
            listed,
          },
        );
      }),
    );
}
