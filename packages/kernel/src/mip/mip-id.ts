/**
 * MIP type identifiers: `mip-<domain>/<type>@<major>.<minor>.<patch>`, like a MIME type with a
 * version. The kernel reads the name, never the meaning (K6).
 */
import { MIP_ID_CHARS_MAX } from '../limits.js';

export const MIP_ID_PATTERN =
  '^mip-[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*@(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$';

const MIP_ID_REGEX = new RegExp(MIP_ID_PATTERN);

export interface MipId {
  readonly domain: string;
  readonly type: string;
  readonly version: readonly [number, number, number];
}

export function parseMipId(text: string): MipId | undefined {
  if (text.length > MIP_ID_CHARS_MAX || !MIP_ID_REGEX.test(text)) return undefined;
  const at = text.indexOf('@');
  const slash = text.indexOf('/');
  const [major, minor, patch] = text
    .slice(at + 1)
    .split('.')
    .map(Number) as [number, number, number];
  return {
    domain: text.slice(4, slash),
    type: text.slice(slash + 1, at),
    version: [major, minor, patch],
  };
}
