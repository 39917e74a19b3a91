/**
 * Reading one frame of untrusted input: size first (before any parsing), then JSON, then the type
 * tag, then the frame type's own (smaller) size bound if it has one, then the compiled schema of
 * that type. Every failure is a wire error, never an exception.
 */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type WireResult, wireFail } from './wire-result.js';

export interface FrameReader<Frame> {
  read(data: string | Uint8Array): WireResult<Frame>;
}

export function frameReader<Frame>(
  schemas: Readonly<Record<string, TSchema>>,
  bytesMax: number,
  /** Tighter bounds for some frame types, by `t`. */
  typeBytesMax: Readonly<Record<string, number>> = {},
): FrameReader<Frame> {
  const checks = new Map<string, TypeCheck<TSchema>>();
  for (const [type, schema] of Object.entries(schemas))
    checks.set(type, TypeCompiler.Compile(schema));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    read(data) {
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      if (size > bytesMax) {
        return wireFail(
          'frame_too_large',
          `a frame is at most ${bytesMax} bytes; this one is ${size}`,
        );
      }
      let value: unknown;
      try {
        value = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
      } catch {
        return wireFail('frame_malformed', 'the frame is not UTF-8 JSON');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return wireFail('frame_malformed', 'a frame is a JSON object');
      }
      const type = (value as { t?: unknown }).t;
      const check = typeof type === 'string' ? checks.get(type) : undefined;
      if (check === undefined) {
        return wireFail(
          'frame_unknown_type',
          `frame type ${JSON.stringify(type)} is not accepted here`,
        );
      }
      const typeMax = typeBytesMax[type as string];
      if (typeMax !== undefined && size > typeMax) {
        return wireFail(
          'frame_too_large',
          `a ${String(type)} frame is at most ${typeMax} bytes; this one is ${size}`,
        );
      }
      if (!check.Check(value)) {
        const first = check.Errors(value).First();
        return wireFail(
          'frame_malformed',
          `${String(type)} frame: ${first?.path ?? ''} ${first?.message ?? 'bad shape'}`.trim(),
        );
      }
      return { ok: true, value: value as Frame };
    },
  };
}
