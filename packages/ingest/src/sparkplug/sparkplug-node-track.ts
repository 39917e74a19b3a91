/**
 * What the Sparkplug B stream tracker keeps per edge node: the live session an NBIRTH opened (its
 * bdSeq, its definitions, the devices born under it), the seq it expects next, and the timed
 * marks (births, deaths, breaks) that continuity replays. Marks are capped per node: a dropped
 * mark is folded into the baseline, and history before it can no longer be vouched for.
 */
import { SPARKPLUG_MARKS_PER_NODE_MAX } from '../limits/sparkplug.js';
import type { SparkplugBreakCode } from './sparkplug-error-codes.js';
import type { Definitions } from './sparkplug-metric-definitions.js';

interface NodeSession {
  readonly bdSeq: bigint;
  readonly definitions: Definitions;
  readonly devices: Map<string, Definitions>;
}

export interface Mark {
  readonly atMs: number;
  readonly event: 'birth' | 'death' | 'break';
  readonly device?: string;
  readonly code: SparkplugBreakCode;
  readonly message: string;
}

/** Whether the node (and which of its devices) was alive, and under which bdSeq. */
export interface Baseline {
  nodeAlive: boolean;
  bdSeq?: bigint;
  readonly devicesAlive: Set<string>;
}

export interface NodeTrack {
  session?: NodeSession;
  nextSeq?: number;
  readonly marks: Mark[];
  /** State after the marks that were dropped; continuity replays the kept marks from here. */
  readonly baseline: Baseline;
  historyFromMs: number;
}

export const nodeKey = (group: string, edge: string) => `${group}/${edge}`;

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function applyMark(
  state: Baseline,
  mark: Mark,
  bdSeq: bigint | undefined,
  device?: string,
): void {
  if (mark.device === undefined) {
    if (mark.event === 'birth') {
      state.nodeAlive = true;
      state.bdSeq = bdSeq;
      state.devicesAlive.clear();
    } else if (mark.event === 'death') {
      state.nodeAlive = false;
      state.devicesAlive.clear();
    }
  } else if (device === undefined || mark.device === device) {
    if (mark.event === 'birth') state.devicesAlive.add(mark.device);
    else if (mark.event === 'death') state.devicesAlive.delete(mark.device);
  }
}

/** Births carry the bdSeq they opened a session with, so continuity can name it. */
export type StoredMark = Mark & { readonly bdSeq?: bigint };

/** Keeps `mark`, dropping the oldest into the baseline past SPARKPLUG_MARKS_PER_NODE_MAX. */
export function pushMark(node: NodeTrack, mark: StoredMark): void {
  node.marks.push(mark);
  if (node.marks.length > SPARKPLUG_MARKS_PER_NODE_MAX) {
    const dropped = node.marks.shift() as StoredMark;
    applyMark(node.baseline, dropped, dropped.bdSeq);
    node.historyFromMs = Math.max(node.historyFromMs, dropped.atMs + 1);
  }
}
