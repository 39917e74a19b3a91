/**
 * The coordinator's NodeCo API as `mycel nodeco` calls it (POST /v1/nodecos, GET
 * /v1/nodecos/:node, POST /v1/nodecos/:node/transfers). A refusal keeps the coordinator's code
 * (`nodeco_transfer_refused`, `nodeco_exists`, ...); no answer is coordinator_unavailable. The
 * error body is read by hand rather than with @mycel/wire's schema, so `mycel` loads no grid code
 * until a command needs it.
 */
import type { NodeCo, ShareTransfer } from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { COORDINATOR_REQUEST_TIMEOUT_MS } from '../limits.js';
import { ResultFailure } from '../output.js';

/** What the coordinator answers about a node's NodeCo: the record, its transfers, holdings now. */
export interface NodeCoAnswer {
  readonly record: NodeCo;
  readonly transfers: readonly ShareTransfer[];
  readonly holdings: readonly { readonly party: string; readonly shares: string }[];
}

export function coordinatorOption(text: string): URL {
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

export function nodecoPath(node: string, transfers = false): string {
  return `/v1/nodecos${node === '' ? '' : `/${encodeURIComponent(node)}`}${transfers ? '/transfers' : ''}`;
}

/** GET (no body) or POST (a JSON body); the answer's JSON, or the coordinator's coded refusal. */
export async function callCoordinator(
  base: URL,
  path: string,
  body?: unknown,
): Promise<NodeCoAnswer> {
  const url = new URL(path, base);
  const method = body === undefined ? 'GET' : 'POST';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(COORDINATOR_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ResultFailure({
      code: 'coordinator_unavailable',
      message: `${method} ${url} got no answer: ${String((error as Error).cause ?? error)}`,
    });
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const refusal = codedRefusal(answer);
    if (refusal !== undefined) throw new ResultFailure(refusal);
    throw new CliError(
      'argument_invalid',
      `${base.origin} answered HTTP ${response.status}; is it an OpenGrid coordinator?`,
    );
  }
  const view = answer as Partial<NodeCoAnswer> | undefined;
  if (typeof view?.record !== 'object' || !Array.isArray(view.transfers)) {
    throw new CliError(
      'argument_invalid',
      `${base.origin} answered ${method} ${path} without a NodeCo record`,
    );
  }
  return view as NodeCoAnswer;
}

/** The `{error: {code, message}}` every coordinator refusal carries (wire ErrorBody). */
function codedRefusal(answer: unknown): { code: string; message: string } | undefined {
  const error = (answer as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
  return { code: error.code, message: error.message };
}
