/**
 * Agent state, input and chunks cross process boundaries and land in checkpoints, so they must be
 * plain JSON: no undefined, functions, class instances, cycles, NaN or Infinity, and bounded in
 * depth and size. Returns the length of the JSON text, or undefined when the value is not plain
 * JSON, is nested deeper than `depthMax`, or is longer than `charsMax`.
 */
import type { JsonValue } from '@mycel/kernel';
import { AGENT_JSON_DEPTH_MAX } from '../limits.js';

function isPlainJson(value: unknown, depth: number): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth >= AGENT_JSON_DEPTH_MAX) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => isPlainJson(item, depth + 1));
}

export function measureJson(value: unknown, charsMax: number): number | undefined {
  // The depth bound also stops cycles before JSON.stringify would meet them.
  if (!isPlainJson(value, 0)) return undefined;
  const length = JSON.stringify(value).length;
  return length <= charsMax ? length : undefined;
}
