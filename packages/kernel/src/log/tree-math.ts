/**
 * Integer helpers for tree sizes and leaf indices. These are JS numbers up to LOG_SIZE_MAX
 * (2^53 - 1), so nothing here uses the 32-bit bitwise operators: halving is Math.floor(x / 2),
 * a low bit is x % 2, and powers of two are built by multiplication (exact below 2^53).
 */
import { LOG_SIZE_MAX } from '../limits.js';

/** A tree size the log can express: an integer in [0, LOG_SIZE_MAX]. */
export function isTreeSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= LOG_SIZE_MAX;
}

export function isOdd(value: number): boolean {
  return value % 2 === 1;
}

/** Right shift by one, for non-negative integers. */
export function half(value: number): number {
  return Math.floor(value / 2);
}

export function isPowerOfTwo(value: number): boolean {
  if (value < 1) return false;
  let rest = value;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/** The largest power of two that is at most `value` (value >= 1). */
export function powerOfTwoAtMost(value: number): number {
  let power = 1;
  while (power * 2 <= value) power *= 2;
  return power;
}

/** RFC 6962 §2.1: k, the largest power of two smaller than n (n >= 2), where MTH splits D[n]. */
export function splitPoint(size: number): number {
  let power = 1;
  while (power * 2 < size) power *= 2;
  return power;
}

/** 2^level, exact for level <= 53. */
export function powerOfTwo(level: number): number {
  let power = 1;
  for (let step = 0; step < level; step++) power *= 2;
  return power;
}
