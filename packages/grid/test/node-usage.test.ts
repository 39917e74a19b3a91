/**
 * Usage proofs on a node daemon over real sockets, against a coordinator that speaks the control
 * link (support/node-usage-coordinator.ts): a session's close offers a usage proof signed by the
 * node before `closed`; countersigned by the client, it reaches the coordinator with the session's
 * seconds, turns and price. A refused, unanswered or wrongly countersigned proof goes nowhere, and
 * a node with no price meters nothing.
 */
import { type Proof, parseTimestamp, proofId } from '@mycel/kernel';
import { checkUsageProof, USAGE_LATENCY_CLASSES, usageFee } from '@mycel/mips';
import { LATENCY_CLASSES } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE_COUNTERSIGN_TIMEOUT_MS } from '../src/limits.js';
import { clientSigner, type Frame } from './support/node-session-client.js';
import { waitFor } from './support/node-test-grid.js';
import { startTestNode, type TestNode } from './support/node-test-node.js';
import { attachUsageSession, countersigned, runTurn } from './support/node-usage-client.js';
import { USAGE_TEST_PRICE, UsageCoordinator } from './support/node-usage-coordinator.js';

const client = clientSigner(41);
const stranger = clientSigner(42);
let coordinator: UsageCoordinator;
let node: TestNode;

beforeAll(async () => {
  coordinator = await UsageCoordinator.start();
  node = await startTestNode(coordinator.url);
  await waitFor(() => node.status().link.state === 'registered', 10_000, 'registration');
});

afterAll(async () => {
  await node?.stop();
  await coordinator?.close();
});

/** Waits until the session has lasted a whole second more than `since`. */
const pastASecond = (sinceMs: number) =>
  new Promise((done) => setTimeout(done, Math.max(0, sinceMs + 1100 - Date.now())));

describe('a session that closes', () => {
  it('is offered its usage before closed; countersigned, it reaches the coordinator', async () => {
    const before = coordinator.usage.length;
    const { session, sid, attachSentMs } = await attachUsageSession(coordinator, node, client);
    await runTurn(session, 1);
    await runTurn(session, 2);
    await pastASecond(attachSentMs);
    session.send({ t: 'close' });
    const offer = await session.next();
    const offeredMs = Date.now();
    expect(offer.t).toBe('usage');
    const proof = offer.proof as Proof;
    expect(checkUsageProof(proof, 'issued').ok).toBe(true);
    expect(proof).toMatchObject({
      federation: coordinator.grid,
      claim: {
        subject: sid,
        value: {
          node: node.did,
          client: client.key.did,
          agent: 'tutor',
          class: 'interactive',
          epoch: 1,
          turns: 2,
          unitPrice: USAGE_TEST_PRICE,
        },
      },
      refs: { session: sid },
    });
    const { seconds } = proof.claim.value as { seconds: number };
    expect(seconds).toBeGreaterThanOrEqual(1);
    // The final window bills its last second once started.
    expect(seconds).toBeLessThanOrEqual(Math.ceil((offeredMs - attachSentMs) / 1000));
    const window = proof.claim.window!;
    expect(parseTimestamp(window.start)).toBeGreaterThanOrEqual(attachSentMs);
    expect(parseTimestamp(window.end)).toBeLessThanOrEqual(offeredMs);

    session.send({ t: 'usage-signed', proof: countersigned(offer, client) });
    expect(await session.next()).toEqual({ t: 'closed', sid });
    expect(await session.closed).toBe(1000);
    const [arrived] = (await coordinator.usageArrived(before + 1)).slice(before);
    expect(arrived?.id).toBe(proof.id);
    expect(arrived?.signatures).toHaveLength(2);
    expect(checkUsageProof(arrived!).ok).toBe(true);
    expect(usageFee(arrived!)).toBe(BigInt(seconds) * 3n);
    await waitFor(() => node.status().unackedUsage === 0, 5000, 'the acknowledgement');
  });

  it('claims nothing when it lasted less than a second and ran no turn', async () => {
    const { session, sid } = await attachUsageSession(coordinator, node, client);
    session.send({ t: 'close' });
    expect(await session.next()).toEqual({ t: 'closed', sid });
  });

  it('counts a turn even inside its first second', async () => {
    const { session } = await attachUsageSession(coordinator, node, client);
    await runTurn(session, 1);
    session.send({ t: 'close' });
    const offer = await session.next('usage');
    expect(offer.proof).toMatchObject({ claim: { value: { turns: 1 } } });
    session.send({ t: 'usage-signed', proof: countersigned(offer, client) });
    await session.next('closed');
  });
});

describe('usage that never reaches the coordinator', () => {
  /** A closed session whose offer the client answers with `answer`; the usage count after. */
  async function closedWith(answer: (offer: Frame) => unknown) {
    const before = coordinator.usage.length;
    const { session, sid } = await attachUsageSession(coordinator, node, client);
    await runTurn(session, 1);
    session.send({ t: 'close' });
    const offer = await session.next('usage');
    const startedMs = Date.now();
    const reply = answer(offer);
    if (reply !== undefined) session.send(reply);
    expect(await session.next('closed', 5000)).toEqual({ t: 'closed', sid });
    // Give a forwarded proof time to arrive, were it (wrongly) forwarded.
    await new Promise((done) => setTimeout(done, 100));
    return { arrived: coordinator.usage.length - before, waitedMs: Date.now() - startedMs };
  }

  it('a refusal: the node drops the proof and closes at once', async () => {
    const outcome = await closedWith((offer) => ({
      t: 'usage-refused',
      id: (offer.proof as Proof).id,
      code: 'usage_seconds_exceeded',
    }));
    expect(outcome.arrived).toBe(0);
    expect(outcome.waitedMs).toBeLessThan(USAGE_COUNTERSIGN_TIMEOUT_MS);
  });

  it('no answer: the node waits USAGE_COUNTERSIGN_TIMEOUT_MS, then closes', async () => {
    const outcome = await closedWith(() => undefined);
    expect(outcome.arrived).toBe(0);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(USAGE_COUNTERSIGN_TIMEOUT_MS - 50);
  });

  it('a countersignature by another key', async () => {
    const outcome = await closedWith((offer) => ({
      t: 'usage-signed',
      proof: countersigned(offer, stranger),
    }));
    expect(outcome.arrived).toBe(0);
  });

  it('a proof with another claim, countersigned under its new id', async () => {
    const outcome = await closedWith((offer) => {
      const proof = structuredClone(offer.proof) as Proof & { claim: { value: { turns: number } } };
      proof.claim.value.turns = 0;
      const renamed = { ...proof, id: proofId(proof) };
      return { t: 'usage-signed', proof: countersigned({ t: 'usage', proof: renamed }, client) };
    });
    expect(outcome.arrived).toBe(0);
  });

  it('the same signatures sent back without a countersignature', async () => {
    const outcome = await closedWith((offer) => ({ t: 'usage-signed', proof: offer.proof }));
    expect(outcome.arrived).toBe(0);
  });
});

describe('a coordinator that quotes no price', () => {
  it('gets no usage, and closes are not held up', async () => {
    const unpriced = await UsageCoordinator.start({ price: null, seed: 32 });
    const other = await startTestNode(unpriced.url);
    try {
      await waitFor(() => other.status().link.state === 'registered', 10_000, 'registration');
      const { session, sid, attachSentMs } = await attachUsageSession(unpriced, other, client);
      await runTurn(session, 1);
      await pastASecond(attachSentMs);
      session.send({ t: 'close' });
      expect(await session.next()).toEqual({ t: 'closed', sid });
      expect(unpriced.usage).toEqual([]);
    } finally {
      await other.stop();
      await unpriced.close();
    }
  });
});

describe('the usage claim', () => {
  it("names OpenGrid's latency classes", () => {
    expect([...USAGE_LATENCY_CLASSES]).toEqual([...LATENCY_CLASSES]);
  });
});
