/**
 * A strict JSON reader for attacker-controlled input. JSON.parse silently keeps the last of two
 * equal member names and accepts lone surrogates; a signed object must mean one thing everywhere
 * (K2), so this reader rejects both, bounds depth and string length, and rejects numbers that
 * overflow a double (RFC 8785 §3.2.2.3 works on IEEE 754 doubles).
 *
 * In the same pass it writes the RFC 8785 canonical text of every value it reads (see
 * canonical-json.ts for the rules), so a verifier gets the canonical bytes without walking the
 * value a second time. Most tokens are already canonical as written: a string without escapes,
 * an integer of at most 15 digits, a literal. Those are copied; the rest are re-spelled.
 */
import { JSON_DEPTH_MAX, JSON_STRING_CHARS_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A value, its canonical text, and for an object the canonical text of each member. */
export interface CanonicalRead {
  readonly value: JsonValue;
  readonly canonical: string;
  /** Top-level members as [name, `"name":value`] in canonical order; empty unless an object. */
  readonly members: readonly (readonly [string, string])[];
}

type JsonReadCode =
  | 'json_malformed'
  | 'json_duplicate_key'
  | 'json_too_deep'
  | 'json_string_too_long'
  | 'json_invalid_unicode'
  | 'json_number_out_of_range';

class JsonReadError extends Error {
  constructor(
    readonly code: JsonReadCode,
    message: string,
  ) {
    super(message);
  }
}

/** Characters that send a string down the careful path: escapes, controls, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 8259 §7 forbids raw control characters in strings; this finds them.
const SLOW_STRING_CHARS = /[\\\u0000-\u001f\ud800-\udfff]/;
const NUMBER_PATTERN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** Integers whose text is their canonical form: exact as doubles, no sign on zero. */
const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Objects up to this many members are insertion-sorted; larger ones use Array.prototype.sort. */
const INSERTION_SORT_MEMBERS_MAX = 16;

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names, which is how `<`
 * compares JS strings. Protocol objects have a dozen members or fewer, often already in order,
 * where insertion sort does one comparison per member; large (hostile) objects get n log n.
 */
function sortByName(members: [string, string][]): void {
  if (members.length > INSERTION_SORT_MEMBERS_MAX) {
    members.sort(byName);
    return;
  }
  for (let i = 1; i < members.length; i++) {
    const member = members[i]!;
    let j = i - 1;
    while (j >= 0 && members[j]![0] > member[0]) {
      members[j + 1] = members[j]!;
      j--;
    }
    members[j + 1] = member;
  }
}

class Reader {
  private position = 0;
  /** Canonical text of the value the last read method returned. */
  private canonical = '';
  private topMembers: [string, string][] = [];

  constructor(private readonly text: string) {}

  readDocument(): CanonicalRead {
    this.skipWhitespace();
    const value = this.readValue(0);
    const canonical = this.canonical;
    this.skipWhitespace();
    if (this.position !== this.text.length) this.error('json_malformed', 'text after the value');
    return { value, canonical, members: this.topMembers };
  }

  private error(code: JsonReadCode, message: string): never {
    throw new JsonReadError(code, `${message} at offset ${this.position}`);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let position = this.position;
    while (position < text.length) {
      const c = text.charCodeAt(position);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      position++;
    }
    this.position = position;
  }

  private readValue(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.position);
    if (c === 0x7b) return this.readObject(depth + 1);
    if (c === 0x5b) return this.readArray(depth + 1);
    if (c === 0x22) return this.readString();
    if (c === 0x74) return this.readLiteral('true', true);
    if (c === 0x66) return this.readLiteral('false', false);
    if (c === 0x6e) return this.readLiteral('null', null);
    return this.readNumber();
  }

  private readLiteral<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position))
      this.error('json_malformed', 'unexpected token');
    this.position += word.length;
    this.canonical = word;
    return value;
  }

  private readNumber(): number {
    NUMBER_PATTERN.lastIndex = this.position;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null || match[0].length === 0 || match[0] === '-') {
      this.error('json_malformed', 'unexpected token');
    }
    const token = match[0];
    const value = Number(token);
    if (!Number.isFinite(value))
      this.error('json_number_out_of_range', 'number overflows a double');
    this.position += token.length;
    this.canonical = CANONICAL_INTEGER.test(token) ? token : JSON.stringify(value);
    return value;
  }

  private readObject(depth: number): { [key: string]: JsonValue } {
    if (depth > JSON_DEPTH_MAX) this.error('json_too_deep', 'nesting too deep');
    this.position++;
    const out: { [key: string]: JsonValue } = {};
    const members: [string, string][] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x7d) {
      this.position++;
      return this.endObject(out, members, depth);
    }
    for (;;) {
      if (this.text.charCodeAt(this.position) !== 0x22)
        this.error('json_malformed', 'expected a member name');
      const key = this.readString();
      const keyText = this.canonical;
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== 0x3a)
        this.error('json_malformed', 'expected ":"');
      this.position++;
      this.skipWhitespace();
      const value = this.readValue(depth);
      members.push([key, `${keyText}:${this.canonical}`]);
      if (key === '__proto__') {
        // Must become an own property, never the object's prototype.
        Object.defineProperty(out, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = value;
      }
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position++);
      if (next === 0x7d) return this.endObject(out, members, depth);
      if (next !== 0x2c) this.error('json_malformed', 'expected "," or "}"');
      this.skipWhitespace();
    }
  }

  private endObject(out: { [key: string]: JsonValue }, members: [string, string][], depth: number) {
    sortByName(members);
    let canonical = '{';
    for (let i = 0; i < members.length; i++) {
      // Sorted, two equal names are neighbours: this is where duplicates are caught.
      if (i > 0 && members[i]![0] === members[i - 1]![0]) {
        this.error('json_duplicate_key', `duplicate member name ${JSON.stringify(members[i]![0])}`);
      }
      canonical += i === 0 ? members[i]![1] : `,${members[i]![1]}`;
    }
    this.canonical = `${canonical}}`;
    if (depth === 1) this.topMembers = members;
    return out;
  }

  private readArray(depth: number): JsonValue[] {
    if (depth > JSON_DEPTH_MAX) this.error('json_too_deep', 'nesting too deep');
    this.position++;
    const out: JsonValue[] = [];
    let canonical = '[';
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x5d) {
      this.position++;
      this.canonical = '[]';
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.readValue(depth));
      canonical += out.length === 1 ? this.canonical : `,${this.canonical}`;
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position++);
      if (next === 0x5d) {
        this.canonical = `${canonical}]`;
        return out;
      }
      if (next !== 0x2c) this.error('json_malformed', 'expected "," or "]"');
    }
  }

  private readString(): string {
    const text = this.text;
    const start = this.position + 1;
    // Fast path: no escapes, control characters or surrogates before the closing quote. Then the
    // token as written is also its canonical form.
    const close = text.indexOf('"', start);
    if (close < 0) this.error('json_malformed', 'unterminated string');
    const plain = text.slice(start, close);
    if (!SLOW_STRING_CHARS.test(plain)) {
      this.canonical = text.slice(start - 1, close + 1);
      return this.endString(plain, close);
    }
    const value = this.readEscapedString(start);
    this.canonical = JSON.stringify(value);
    return value;
  }

  private readEscapedString(start: number): string {
    const text = this.text;
    let position = start;
    let out = '';
    let chunkStart = position;
    for (;;) {
      if (position >= text.length) this.error('json_malformed', 'unterminated string');
      const c = text.charCodeAt(position);
      if (c === 0x22) break;
      if (c < 0x20) this.error('json_malformed', 'control character in string');
      if (c >= 0xd800 && c <= 0xdfff) {
        const isPair =
          c <= 0xdbff &&
          position + 1 < text.length &&
          isLowSurrogate(text.charCodeAt(position + 1));
        if (!isPair) this.error('json_invalid_unicode', 'lone surrogate in string');
        position += 2;
        continue;
      }
      if (c !== 0x5c) {
        position++;
        continue;
      }
      out += text.slice(chunkStart, position);
      this.position = position;
      const [decoded, length] = this.readEscape(position);
      out += decoded;
      position += length;
      chunkStart = position;
    }
    return this.endString(out + text.slice(chunkStart, position), position);
  }

  private endString(value: string, closingQuote: number): string {
    this.position = closingQuote + 1;
    if (value.length > JSON_STRING_CHARS_MAX) this.error('json_string_too_long', 'string too long');
    return value;
  }

  /** Decodes the escape at `position` (a backslash); returns the text and the escape's length. */
  private readEscape(position: number): [string, number] {
    const text = this.text;
    const kind = text[position + 1];
    if (kind === undefined) this.error('json_malformed', 'unterminated string');
    if (kind !== 'u') {
      const decoded = ESCAPES[kind];
      if (decoded === undefined) this.error('json_malformed', 'invalid escape');
      return [decoded, 2];
    }
    const unit = this.readHex4(position + 2);
    if (unit < 0xd800 || unit > 0xdfff) return [String.fromCharCode(unit), 6];
    if (unit <= 0xdbff && text.startsWith('\\u', position + 6)) {
      const low = this.readHex4(position + 8);
      if (isLowSurrogate(low)) return [String.fromCharCode(unit, low), 12];
    }
    return this.error('json_invalid_unicode', 'lone surrogate escape in string');
  }

  private readHex4(position: number): number {
    const digits = this.text.slice(position, position + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.error('json_malformed', 'invalid \\u escape');
    return Number.parseInt(digits, 16);
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Parses JSON text strictly and gives its canonical text too; see the module comment. */
export function readCanonicalJson(text: string): Result<CanonicalRead> {
  try {
    return ok(new Reader(text).readDocument());
  } catch (error) {
    if (error instanceof JsonReadError) return fail(error.code, error.message);
    throw error;
  }
}

/** Parses JSON text strictly; see the module comment for what is rejected. */
export function parseStrictJson(text: string): Result<JsonValue> {
  const read = readCanonicalJson(text);
  return read.ok ? ok(read.value.value) : read;
}
