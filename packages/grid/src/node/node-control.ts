/**
 * The operator's way into a running node from the same machine: at start the node writes its
 * URL and a fresh random token to `control.json` in its data folder (mode 0600). Whoever can read
 * the data folder (the operator) can drive the control endpoints (NODE_PATHS.drain); nobody else
 * can, since the token never leaves the machine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64Url } from '@mycel/kernel';

export const NODE_CONTROL_FILE = 'control.json';

export interface NodeControl {
  readonly url: string;
  readonly token: string;
}

/** A fresh token for this run of the node, written with the URL it listens on. */
export function writeNodeControl(dataDir: string, url: string): NodeControl {
  const control = { url, token: toBase64Url(randomBytes(32)) };
  writeFileSync(join(dataDir, NODE_CONTROL_FILE), `${JSON.stringify(control)}\n`, { mode: 0o600 });
  return control;
}

/** What a running node wrote; undefined when there is no such file or it is not ours. */
export function readNodeControl(dataDir: string): NodeControl | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, NODE_CONTROL_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const { url, token } = (parsed ?? {}) as Partial<NodeControl>;
  if (typeof url !== 'string' || typeof token !== 'string') return undefined;
  return { url, token };
}

/** Does an `authorization: Bearer <token>` header carry `token`? Constant time. */
export function carriesToken(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const offered = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}
