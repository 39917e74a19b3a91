/**
 * What the session store conformance suite is built from: the harness a driver's test file
 * provides, and checkpoints, rows and state that exercise the rules.
 */
import { contentId, type JsonValue } from '@mycel/kernel';
import type {
  SessionCheckpoint,
  SessionCheckpointBody,
  SessionRow,
  SessionStore,
} from '../src/index.js';

export interface SessionStoreHarness {
  freshLocation(): Promise<string>;
  open(location: string): Promise<SessionStore>;
  cleanup(): Promise<void>;
}

/** Names a body by its content id, as a node does before sending it. */
export function sealTestCheckpoint(body: SessionCheckpointBody): SessionCheckpoint {
  return { ...body, digest: contentId(body as unknown as JsonValue) };
}

export function testCheckpoint(
  sid: string,
  epoch: number,
  seq: number,
  state: JsonValue = { seq },
  error?: { readonly code: string; readonly message: string },
): SessionCheckpoint {
  return sealTestCheckpoint({
    sid,
    epoch,
    seq,
    turns: seq,
    agent: 'tutor',
    state,
    output: [`chunk of turn ${seq}`],
    ...(error === undefined ? {} : { error }),
  });
}

export function testSession(sid: string, fields: Partial<SessionRow> = {}): SessionRow {
  return {
    sid,
    epoch: 1,
    node: 'node-a',
    agent: 'tutor',
    class: 'interactive',
    client: 'did:key:z6MkTestClient',
    state: 'active',
    reason: null,
    checkpointDigest: null,
    checkpointSeq: 0,
    coordinate: null,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    ...fields,
  };
}

/** State that exercises what JSON text can lose: nesting, unicode, escapes, awkward numbers. */
export const AWKWARD_STATE: JsonValue = {
  zeta: 'last by name, first in the object',
  nested: { deeper: { deepest: [1, [2, [3, [4, { five: 5 }]]]] } },
  numbers: [0, -1, 0.1, 1e-7, 1e21, 123456789.125, Number.MAX_SAFE_INTEGER, -1.5e-300, 2 ** 60],
  unicode: 'héllo wörld — 你好 — ключ — 😀🧪 — \u00a0\u2028\u2029',
  escapes: 'quote " backslash \\ newline \n tab \t nul \u0000 bell \u0007',
  '键 with 😀': { '': 'empty key', '\u00e9': 'precomposed', 'e\u0301': 'combining' },
  ['__proto__']: { polluted: false },
  flags: [true, false, null],
  empty: { object: {}, array: [], string: '' },
};

/** A fresh, empty store of the driver under test, closed after the suite. */
export type FreshStore = () => Promise<{ store: SessionStore; location: string }>;
