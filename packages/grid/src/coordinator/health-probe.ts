/**
 * The independent check that confirms a suspected failure: GET /v1/health on the node (its
 * control plane answers in milliseconds even when every inference worker is busy), with a short
 * timeout. Any 2xx answer means alive; anything else, or no answer in time, means failed.
 */
import { NODE_PATHS } from '@mycel/wire';

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function probeNodeHealth(
  endpoint: string,
  timeoutMs: number,
  options: { readonly signal?: AbortSignal; readonly headers?: Record<string, string> } = {},
): Promise<ProbeResult> {
  // Endpoints are node-signed URLs; a ws(s) base means the same host over http(s).
  const base = endpoint.replace(/^ws/, 'http');
  let url: URL;
  try {
    url = new URL(NODE_PATHS.health, base.endsWith('/') ? base : `${base}/`);
  } catch {
    return { ok: false, reason: `endpoint ${endpoint} is not a URL` };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  try {
    const response = await fetch(url, { signal, headers: options.headers ?? {} });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, reason: `GET ${url.pathname} answered HTTP ${response.status}` };
  } catch (error) {
    const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : String(error);
    return { ok: false, reason };
  }
}
