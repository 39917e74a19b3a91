/**
 * SunSpec's base types as 16-bit register words, both ways: int16 and sunssf (two's complement),
 * acc32 (two registers, high word first), and strings (two ASCII characters per register,
 * NUL-padded). Pure; the decoder and the simulated device share these.
 */

export function isWord(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

/** The signed value of an int16 / sunssf word. */
export function int16(word: number): number {
  return word >= 0x8000 ? word - 0x10000 : word;
}

/** The word of a signed int16 value (wrapped into −32768 … 32767). */
export function int16Word(value: number): number {
  return ((Math.trunc(value) % 0x10000) + 0x10000) % 0x10000;
}

/** An acc32 value from its two words, high word first (SunSpec word order). */
export function acc32(high: number, low: number): number {
  return high * 0x10000 + low;
}

/** The two words of an acc32 value; accumulators wrap at 2^32 as the counter would. */
export function acc32Words(value: number): [number, number] {
  const wrapped = ((Math.floor(value) % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return [Math.floor(wrapped / 0x10000), wrapped % 0x10000];
}

/** `registers` words holding `text` as ASCII, two characters per word, NUL-padded. */
export function stringWords(text: string, registers: number): number[] {
  const words: number[] = [];
  for (let index = 0; index < registers; index++) {
    const high = text.charCodeAt(2 * index) || 0;
    const low = text.charCodeAt(2 * index + 1) || 0;
    words.push(((high & 0x7f) << 8) | (low & 0x7f));
  }
  return words;
}

/** The text of string words, up to the first NUL. */
export function wordsString(words: readonly number[]): string {
  let text = '';
  for (const word of words) {
    for (const code of [word >> 8, word & 0xff]) {
      if (code === 0) return text;
      text += String.fromCharCode(code);
    }
  }
  return text;
}
