/**
 * What a client countersigns: against a scripted node (support/stub-grid.ts) that offers usage
 * proofs a test writes, the SDK countersigns the honest one with the session's key, and refuses
 * every other with the code of the rule it breaks — the code the node receives in
 * `usage-refused`: another session, another node, not signed by the node, another client,
 * another epoch, another price (or none quoted), more seconds than it was attached, more turns
 * than it completed, a window overlapping one it signed, and a proof that is not a usage proof.
 */
import { ed25519SignerFromSeed, type Proof, type Signer, signProof } from '@mycel/kernel';
import type { UsageRefusedFrame } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
// The SDK may not depend on @mycel/mips; its tests build proofs with it, by path.
import { buildUsageProof, checkUsageProof, type UsageProofFields } from '../../mips/src/index.js';
import { openSession } from '../src/open-session.js';
import type { Session } from '../src/session.js';
import { SID, StubCoordinator, StubNode } from './support/stub-grid.js';

const PRICE = { minor: '2', currency: 'EUR' };
const NODE_SEED = 61;
const nodeKey = ed25519SignerFromSeed(new Uint8Array(32).fill(NODE_SEED));
const clientKey = ed25519SignerFromSeed(new Uint8Array(32).fill(62));
const strangerKey = ed25519SignerFromSeed(new Uint8Array(32).fill(63));

const cleanup: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const part of cleanup.splice(0).reverse()) await part.close();
});

interface Rig {
  readonly node: StubNode;
  readonly session: Session;
  /** Date.now() once the session was open. */
  readonly openedMs: number;
}

/** A session open on a stub node, with one turn done; `price` is what the coordinator quotes. */
async function rig(price: typeof PRICE | null = PRICE): Promise<Rig> {
  const node = await StubNode.start({ seed: NODE_SEED, chunks: 1 });
  cleanup.push(node);
  const grid = await StubCoordinator.start(node, () => 'hang');
  grid.price = price ?? undefined;
  cleanup.push(grid);
  const session = await openSession({
    coordinator: grid.url,
    agent: 'voice',
    probeLandmarks: false,
    clientKey,
  });
  const openedMs = Date.now();
  cleanup.push(session);
  await session.send('one turn').done;
  return { node, session, openedMs };
}

/** A usage proof as the stub node would make it, changed by `fields`, signed by `signer`. */
function usage(
  openedMs: number,
  fields: Partial<UsageProofFields> = {},
  signer: Signer = nodeKey,
): Proof {
  const built = buildUsageProof({
    federation: 'stub-grid',
    sid: SID,
    node: nodeKey.key.did,
    client: clientKey.key.did,
    agent: 'voice',
    class: 'interactive',
    epoch: 1,
    seconds: 0,
    turns: 1,
    unitPrice: PRICE,
    windowStartMs: openedMs - 50,
    windowEndMs: openedMs,
    ...fields,
  });
  const signed = signProof(built, signer);
  if (!signed.ok) throw new Error(signed.error.message);
  return signed.value;
}

/** Offers `proof` and returns the client's answer. */
async function answerTo(node: StubNode, proof: Proof, count = 1) {
  node.offer({ t: 'usage', proof });
  return node.usageAnswered(count);
}

/** The code of the client's refusal of `make(openedMs)`; `quoted` null: no price quoted. */
async function refusalCode(
  make: (openedMs: number) => Proof,
  quoted: typeof PRICE | null = PRICE,
): Promise<string> {
  const { node, session, openedMs } = await rig(quoted);
  const offered = make(openedMs);
  const answer = await answerTo(node, offered);
  expect(answer).toMatchObject({ t: 'usage-refused', id: offered.id });
  expect(session.usage).toEqual([]);
  return (answer as UsageRefusedFrame).code;
}

describe('the SDK countersigns', () => {
  it('an honest usage proof, with the session key, and keeps it in session.usage', async () => {
    const { node, session, openedMs } = await rig();
    const proof = usage(openedMs);
    const answer = await answerTo(node, proof);
    expect(answer.t).toBe('usage-signed');
    const signed = (answer as { proof: Proof }).proof;
    expect(signed.id).toBe(proof.id);
    expect(signed.signatures).toHaveLength(2);
    expect(checkUsageProof(signed).ok).toBe(true);
    expect(session.usage).toEqual([signed]);
    // The node's next period starts where this one ended.
    const next = usage(openedMs, { windowStartMs: openedMs, windowEndMs: openedMs + 10, turns: 0 });
    expect((await answerTo(node, next, 2)).t).toBe('usage-signed');
    expect(session.usage).toHaveLength(2);
  });
});

describe('the SDK refuses, and tells the node why', () => {
  it('a proof for another session: usage_subject_mismatch', async () => {
    expect(await refusalCode((ms) => usage(ms, { sid: 'another-session' }))).toBe(
      'usage_subject_mismatch',
    );
  });

  it('inflated seconds: usage_seconds_exceeded', async () => {
    const inflated = (ms: number) =>
      usage(ms, { seconds: 60, windowStartMs: ms - 60_000, windowEndMs: ms });
    expect(await refusalCode(inflated)).toBe('usage_seconds_exceeded');
  });

  it('a price other than the one quoted: usage_price_mismatch', async () => {
    const priced = (ms: number) => usage(ms, { unitPrice: { minor: '3', currency: 'EUR' } });
    expect(await refusalCode(priced)).toBe('usage_price_mismatch');
    const currency = (ms: number) => usage(ms, { unitPrice: { minor: '2', currency: 'INR' } });
    expect(await refusalCode(currency)).toBe('usage_price_mismatch');
  });

  it('any price when the coordinator quoted none: usage_price_mismatch', async () => {
    expect(await refusalCode((ms) => usage(ms), null)).toBe('usage_price_mismatch');
  });

  it('a proof not signed by the node: usage_signature_invalid', async () => {
    expect(await refusalCode((ms) => usage(ms, {}, strangerKey))).toBe('usage_signature_invalid');
    const altered = (ms: number) => {
      const proof = structuredClone(usage(ms)) as Proof & { federation: string };
      proof.federation = 'elsewhere';
      return proof;
    };
    expect(await refusalCode(altered)).toBe('usage_signature_invalid');
  });

  it('a proof naming another node: usage_node_mismatch', async () => {
    const other = (ms: number) => usage(ms, { node: strangerKey.key.did }, strangerKey);
    expect(await refusalCode(other)).toBe('usage_node_mismatch');
  });

  it('a proof naming another client: usage_client_mismatch', async () => {
    expect(await refusalCode((ms) => usage(ms, { client: strangerKey.key.did }))).toBe(
      'usage_client_mismatch',
    );
  });

  it('a proof of another epoch: usage_epoch_mismatch', async () => {
    expect(await refusalCode((ms) => usage(ms, { epoch: 2 }))).toBe('usage_epoch_mismatch');
  });

  it('more turns than completed: usage_turns_exceeded', async () => {
    expect(await refusalCode((ms) => usage(ms, { turns: 2 }))).toBe('usage_turns_exceeded');
  });

  it('a window that overlaps one already countersigned: usage_window_overlap', async () => {
    const { node, openedMs } = await rig();
    expect((await answerTo(node, usage(openedMs))).t).toBe('usage-signed');
    const again = usage(openedMs, { turns: 0, windowStartMs: openedMs - 20 });
    expect(await answerTo(node, again, 2)).toMatchObject({ code: 'usage_window_overlap' });
  });

  it('the same turn claimed twice, across periods: usage_turns_exceeded', async () => {
    const { node, openedMs } = await rig();
    expect((await answerTo(node, usage(openedMs))).t).toBe('usage-signed');
    const twice = usage(openedMs, { windowStartMs: openedMs, windowEndMs: openedMs + 10 });
    expect(await answerTo(node, twice, 2)).toMatchObject({ code: 'usage_turns_exceeded' });
  });

  it('a proof that is not a usage proof: usage_malformed', async () => {
    const other = (ms: number) => {
      const proof = usage(ms);
      const { id: _, signatures: __, verifications: ___, ...body } = proof;
      const renamed = { ...body, mip: 'mip-session/usage@2.0.0' };
      const signed = signProof(
        { ...renamed, id: '', signatures: [], verifications: [] } as Proof,
        nodeKey,
      );
      if (!signed.ok) throw new Error(signed.error.message);
      return signed.value;
    };
    expect(await refusalCode(other)).toBe('usage_malformed');
  });
});
