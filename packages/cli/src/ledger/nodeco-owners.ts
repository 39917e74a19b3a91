/**
 * A NodeCo's owners from the command line: `--owner <did>=<shares>[@<rail>:<address>]`
 * (repeatable) and `--owners <file>`, a CSV file of `party,shares,rail,address` (a header line
 * naming those columns is optional; rail and address are both given or both empty). Shares are
 * positive whole numbers; a rail is upi, sepa or bank. Anything else is argument_invalid; the
 * kernel checks the assembled record once more (distinct owners, their number, the address size).
 */
import { type NodeCoOwner, PAYOUT_RAILS, type PayoutRail } from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { didOption, sharesOption } from '../commands/settlement-options.js';
import { readInputText } from '../files.js';
import { parseCsv } from './csv.js';

function ownerOf(
  where: string,
  party: string,
  shares: string,
  rail: string | undefined,
  address: string | undefined,
): NodeCoOwner {
  const owner = { party: didOption(party, where), shares: sharesOption(where, shares) };
  if ((rail ?? '') === '' && (address ?? '') === '') return owner;
  if (!(PAYOUT_RAILS as readonly string[]).includes(rail ?? '') || (address ?? '') === '') {
    throw new CliError(
      'argument_invalid',
      `${where}: pay to <rail>:<address> with a rail of ${PAYOUT_RAILS.join(', ')} and an address, not ${rail}:${address}`,
    );
  }
  return { ...owner, payTo: { rail: rail as PayoutRail, address: address! } };
}

/** `did:key:z...=40` or `did:key:z...=40@upi:family1@okbank`. */
export function ownerOption(text: string): NodeCoOwner {
  const equals = text.indexOf('=');
  if (equals < 0) {
    throw new CliError(
      'argument_invalid',
      `--owner is <did>=<shares>[@<rail>:<address>], not ${text}`,
    );
  }
  const party = text.slice(0, equals);
  const rest = text.slice(equals + 1);
  const at = rest.indexOf('@');
  if (at < 0) return ownerOf('--owner', party, rest, undefined, undefined);
  const destination = rest.slice(at + 1);
  const colon = destination.indexOf(':');
  return ownerOf(
    '--owner',
    party,
    rest.slice(0, at),
    colon < 0 ? destination : destination.slice(0, colon),
    colon < 0 ? '' : destination.slice(colon + 1),
  );
}

const CSV_COLUMNS = ['party', 'shares', 'rail', 'address'];

export function ownersFile(path: string): NodeCoOwner[] {
  const records = parseCsv(readInputText(path), path);
  const header = records[0]?.map((field) => field.trim().toLowerCase());
  const hasHeader = header?.[0] === 'party';
  if (hasHeader && header.some((title, index) => title !== CSV_COLUMNS[index])) {
    throw new CliError('argument_invalid', `${path}: the columns are ${CSV_COLUMNS.join(',')}`);
  }
  const body = hasHeader ? records.slice(1) : records;
  if (body.length === 0) throw new CliError('argument_invalid', `${path} names no owner`);
  return body.map((fields, index) => {
    const where = `${path} row ${index + 1}`;
    if (fields.length < 2 || fields.length > CSV_COLUMNS.length) {
      throw new CliError('argument_invalid', `${where}: ${CSV_COLUMNS.join(',')}`);
    }
    const [party, shares, rail, address] = fields.map((field) => field.trim());
    return ownerOf(where, party!, shares!, rail, address);
  });
}
