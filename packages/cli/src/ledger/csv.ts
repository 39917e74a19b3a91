/**
 * Comma-separated values as RFC 4180 defines them: records end with CRLF; a field holding a
 * comma, a double quote, CR or LF is enclosed in double quotes, and a double quote inside one is
 * doubled (§2.6, §2.7). Payout files go to banks and spreadsheets, so the writer never guesses.
 */
import { CliError } from '../cli-error.js';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, with its CRLF. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * The records of a CSV text (`what` names it in errors). Accepts LF as well as CRLF line ends;
 * blank lines are skipped. A quote that does not close, or text after a closing quote, is
 * argument_invalid.
 */
export function parseCsv(text: string, what: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let index = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push(fields);
    fields = [];
    field = '';
    line += 1;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' && field === '') {
      const close = closingQuote(text, index + 1);
      if (close === undefined) {
        throw new CliError('argument_invalid', `${what} line ${line}: a quoted field never closes`);
      }
      field = text.slice(index + 1, close).replaceAll('""', '"');
      index = close + 1;
      const next = text[index];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CliError('argument_invalid', `${what} line ${line}: text after a closing quote`);
      }
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n') {
      endRecord();
    } else if (char !== '\r' || text[index + 1] !== '\n') {
      field += char;
    }
    index += 1;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** The index of the quote that closes a field opened just before `start`; "" is an escaped one. */
function closingQuote(text: string, start: number): number | undefined {
  let index = start;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote < 0) return undefined;
    if (text[quote + 1] !== '"') return quote;
    index = quote + 2;
  }
}
