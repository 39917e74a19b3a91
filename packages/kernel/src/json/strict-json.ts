/**
 * A strict JSON reader for attacker-controlled input. JSON.parse silently keeps the last of two
 * equal member names and accepts lone surrogates; a signed object must mean one thing everywhere
 * (K2), so this reader rejects both, bounds depth and string length, and rejects numbers that
 * overflow a double (RFC 8785 §3.2.2.3 works on IEEE 754 doubles).
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

class JsonReadError extends Error {
  constructor(
    readonly code:
      | 'json_malformed'
      | 'json_duplicate_key'
      | 'json_too_deep'
      | 'json_string_too_long'
      | 'json_invalid_unicode'
      | 'json_number_out_of_range',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Characters that send a string down the careful path: escapes, controls, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 8259 §7 forbids raw control characters in strings; this finds them.
const SLOW_STRING_CHARS = /[\\\u0000-\u001f\ud800-\udfff]/;
const NUMBER_PATTERN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
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

class Reader {
  private position = 0;

  constructor(private readonly text: string) {}

  readDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.readValue(0);
    this.skipWhitespace();
    if (this.position !== this.text.length) this.error('json_malformed', 'text after the value');
    return value;
  }

  private error(code: JsonReadError['code'], message: string): never {
    throw new JsonReadError(code, `${message} at offset ${this.position}`, this.position);
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
    const c = this.text[this.position];
    if (c === '{') return this.readObject(depth + 1);
    if (c === '[') return this.readArray(depth + 1);
    if (c === '"') return this.readString();
    if (c === 't') return this.readLiteral('true', true);
    if (c === 'f') return this.readLiteral('false', false);
    if (c === 'n') return this.readLiteral('null', null);
    return this.readNumber();
  }

  private readLiteral<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position))
      this.error('json_malformed', 'unexpected token');
    this.position += word.length;
    return value;
  }

  private readNumber(): number {
    NUMBER_PATTERN.lastIndex = this.position;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null || match[0].length === 0 || match[0] === '-') {
      this.error('json_malformed', 'unexpected token');
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value))
      this.error('json_number_out_of_range', 'number overflows a double');
    this.position += match[0].length;
    return value;
  }

  private readObject(depth: number): { [key: string]: JsonValue } {
    if (depth > JSON_DEPTH_MAX) this.error('json_too_deep', 'nesting too deep');
    this.position++;
    const out: { [key: string]: JsonValue } = {};
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return out;
    }
    for (;;) {
      if (this.text[this.position] !== '"') this.error('json_malformed', 'expected a member name');
      const key = this.readString();
      if (seen.has(key))
        this.error('json_duplicate_key', `duplicate member name ${JSON.stringify(key)}`);
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.position] !== ':') this.error('json_malformed', 'expected ":"');
      this.position++;
      this.skipWhitespace();
      const value = this.readValue(depth);
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
      const next = this.text[this.position++];
      if (next === '}') return out;
      if (next !== ',') this.error('json_malformed', 'expected "," or "}"');
      this.skipWhitespace();
    }
  }

  private readArray(depth: number): JsonValue[] {
    if (depth > JSON_DEPTH_MAX) this.error('json_too_deep', 'nesting too deep');
    this.position++;
    const out: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.readValue(depth));
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === ']') return out;
      if (next !== ',') this.error('json_malformed', 'expected "," or "]"');
    }
  }

  private readString(): string {
    const text = this.text;
    const start = this.position + 1;
    // Fast path: no escapes, control characters or surrogates before the closing quote.
    const close = text.indexOf('"', start);
    if (close < 0) this.error('json_malformed', 'unterminated string');
    if (!SLOW_STRING_CHARS.test(text.slice(start, close))) {
      return this.endString(text.slice(start, close), close);
    }
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

/** Parses JSON text strictly; see the module comment for what is rejected. */
export function parseStrictJson(text: string): Result<JsonValue> {
  try {
    return ok(new Reader(text).readDocument());
  } catch (error) {
    if (error instanceof JsonReadError) return fail(error.code, error.message);
    throw error;
  }
}
