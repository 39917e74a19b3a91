/**
 * `opengrid node start --membership-port/--membership-seed`: the node's colony membership (SWIM
 * with Lifeguard over UDP, docs/spec/mmp-membership.md). A seed is another member's id and UDP
 * address as `did:key:…@host:port`, the form the ready line's `membership` field gives.
 */
import { parseDidKey } from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { portOption } from './grid-options.js';

export interface MembershipSeed {
  readonly id: string;
  readonly address: string;
}

/** One `--membership-seed did:key:…@host:port`, or argument_invalid naming what is wrong. */
export function membershipSeedOption(text: string): MembershipSeed {
  const at = text.lastIndexOf('@');
  const id = at < 0 ? '' : text.slice(0, at);
  const address = at < 0 ? '' : text.slice(at + 1);
  if (!parseDidKey(id).ok) {
    throw new CliError(
      'argument_invalid',
      `--membership-seed wants did:key:…@host:port, not ${text}`,
    );
  }
  const colon = address.lastIndexOf(':');
  const host = colon < 0 ? '' : address.slice(0, colon);
  const port = colon < 0 ? '' : address.slice(colon + 1);
  if (host === '' || !/^\d+$/.test(port) || Number(port) === 0) {
    throw new CliError(
      'argument_invalid',
      `--membership-seed ${text}: the address is not host:port`,
    );
  }
  portOption(port);
  return { id, address };
}

/** The node's `membership` option, or nothing when neither flag was given. */
export function membershipOptions(port: string | undefined, seeds: readonly string[]) {
  if (port === undefined && seeds.length === 0) return {};
  return {
    membership: {
      ...(port === undefined ? {} : { port: portOption(port) }),
      seeds: seeds.map(membershipSeedOption),
    },
  };
}
