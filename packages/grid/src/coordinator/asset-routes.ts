/**
 * The asset plane on the coordinator: PUT stores raw bytes under their content address (only if
 * they hash to it), GET serves them. An upload that verifies as an agent bundle is listed in the
 * agent catalog, so sessions can name it by `name` or `name@version`. The first publisher of a
 * name keeps it: a bundle under the same name by another key is reachable by asset id only.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COORDINATOR_PATHS } from '@mycel/wire';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkAssetId } from '../assets/asset-id.js';
import { AssetStore } from '../assets/asset-store.js';
import { verifyAgentBundle } from '../assets/verify-agent-bundle.js';
import { AGENT_BUNDLE_BYTES_MAX, ASSET_UPLOAD_BYTES_MAX } from '../limits.js';
import type { AgentCatalog } from './agent-catalog.js';
import { sendError } from './coordinator-errors.js';

export const ASSETS_FOLDER = 'assets';

/** Opens the store in the data folder and lists the bundles it already holds. */
export async function openAssets(
  dataDir: string,
  catalog: AgentCatalog,
  nowMs: number,
): Promise<AssetStore> {
  const directory = join(dataDir, ASSETS_FOLDER);
  const store = await AssetStore.open(directory, { bytesMax: ASSET_UPLOAD_BYTES_MAX });
  for (const hex of (await readdir(join(directory, 'sha256'))).sort()) {
    const id = `sha256:${hex}`;
    if (!checkAssetId(id).ok) continue;
    if ((await stat(join(directory, 'sha256', hex))).size > AGENT_BUNDLE_BYTES_MAX) continue;
    const bytes = await store.get(id);
    if (bytes !== undefined) catalogBundle(catalog, id, bytes, nowMs);
  }
  return store;
}

/** Lists the bytes in the catalog if they are a verified agent bundle; returns its name@version. */
function catalogBundle(
  catalog: AgentCatalog,
  assetId: string,
  bytes: Uint8Array,
  nowMs: number,
): { name: string; version: string; publisher: string; listed: boolean } | undefined {
  if (bytes.byteLength > AGENT_BUNDLE_BYTES_MAX) return undefined;
  const verified = verifyAgentBundle(bytes, assetId);
  if (!verified.ok) return undefined;
  const { name, version, publisher } = verified.value;
  const owner = catalog.resolve(name);
  const listed =
    (owner === undefined || owner.publisher === publisher) &&
    catalog.add({ name, version, publisher, assetId, publishedAtMs: nowMs });
  return { name, version, publisher, listed };
}

export function registerAssetRoutes(
  app: FastifyInstance,
  store: AssetStore,
  catalog: AgentCatalog,
  logger: Logger,
): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: ASSET_UPLOAD_BYTES_MAX },
      (_request, body, done) => done(null, body),
    );

    scope.put<{ Params: { id: string } }>(
      COORDINATOR_PATHS.asset,
      { bodyLimit: ASSET_UPLOAD_BYTES_MAX },
      async (request, reply) => {
        const id = request.params.id;
        if (!checkAssetId(id).ok) {
          return sendError(reply, {
            code: 'request_malformed',
            message: 'an asset id is sha256:<64 hex>',
          });
        }
        if (!Buffer.isBuffer(request.body)) {
          return sendError(reply, {
            code: 'request_malformed',
            message: 'send the bytes as application/octet-stream',
          });
        }
        const bytes = new Uint8Array(
          request.body.buffer,
          request.body.byteOffset,
          request.body.byteLength,
        );
        const existed = await store.has(id);
        const stored = await store.putExpecting(id, bytes);
        if (!stored.ok) {
          const { code, message } = stored.error;
          if (code === 'asset_hash_mismatch') return sendError(reply, { code, message });
          if (code === 'asset_too_large')
            return sendError(reply, { code: 'request_too_large', message });
          logger.error({ asset: id, code, message }, 'asset not stored');
          return sendError(reply, {
            code: 'internal_error',
            message: 'the asset could not be stored',
          });
        }
        const agent = catalogBundle(catalog, id, bytes, Date.now());
        logger.info({ asset: id, bytes: bytes.byteLength, agent }, 'asset stored');
        return reply.code(existed ? 200 : 201).send({
          id,
          bytes: bytes.byteLength,
          ...(agent === undefined ? {} : { agent }),
        });
      },
    );

    scope.get<{ Params: { id: string } }>(COORDINATOR_PATHS.asset, async (request, reply) => {
      const id = request.params.id;
      if (!checkAssetId(id).ok) {
        return sendError(reply, {
          code: 'request_malformed',
          message: 'an asset id is sha256:<64 hex>',
        });
      }
      const bytes = await store.get(id);
      if (bytes === undefined)
        return sendError(reply, { code: 'asset_not_found', message: `no asset ${id}` });
      return reply
        .type('application/octet-stream')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  });
}
