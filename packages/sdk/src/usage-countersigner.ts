/**
 * The client's side of usage metering (ARCHITECTURE §5.5): a node offers a usage proof it signed
 * (`usage`); the session countersigns it with its client key (`usage-signed`) only when it is
 * about this session, by the node it is attached to, for this client and epoch, at the price the
 * coordinator quoted, and claims no more seconds than it has been attached to that node in that
 * epoch, nor more turns than it completed there (counting the proofs it already signed);
 * otherwise it answers `usage-refused` with the first broken rule's code.
 */
import {
  type Proof,
  parseTimestamp,
  proofId,
  type Signer,
  signProof,
  TrustStore,
} from '@mycel/kernel';
import {
  type UnitPrice,
  type UsageRefusedFrame,
  type UsageSignedFrame,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import { USAGE_PROOFS_KEPT_MAX, USAGE_SECONDS_SKEW_MS } from './limits.js';
import { readUsageOffer, type UsageOffer } from './usage-offer.js';

/** One attachment to a node at an epoch, and what the client has agreed to for it. */
interface Attachment {
  readonly node: string;
  readonly epoch: number;
  /** The price the coordinator quoted in the answer that placed the session there. */
  readonly price: UnitPrice | undefined;
  /** Date.now() when the client first sent its attach to this node at this epoch. */
  readonly sinceMs: number;
  /** `done` turns heard from this node at this epoch. */
  turnsDone: number;
  signedSeconds: number;
  signedTurns: number;
  /** The end of the last window countersigned: the next must not begin before it. */
  lastWindowEndMs: number;
}

/** A did:key is its own public key: a bare trust store verifies the node's signature. */
const selfCertifying = new TrustStore();

export class UsageCountersigner {
  private current: Attachment | undefined;
  private next: Attachment | undefined;
  private readonly signed: Proof[] = [];

  constructor(
    private readonly sid: string,
    private readonly clientKey: Signer,
  ) {}

  /** The usage proofs countersigned so far, oldest first (at most USAGE_PROOFS_KEPT_MAX). */
  get proofs(): readonly Proof[] {
    return [...this.signed];
  }

  /** An attach to `node` at `epoch` is about to be sent; a re-attach to the same keeps its count. */
  attaching(node: string, epoch: number, price: UnitPrice | undefined, nowMs: number): void {
    const current = this.current;
    if (current !== undefined && current.node === node && current.epoch === epoch) {
      this.next = current;
      return;
    }
    this.next = {
      node,
      epoch,
      price,
      sinceMs: nowMs,
      turnsDone: 0,
      signedSeconds: 0,
      signedTurns: 0,
      lastWindowEndMs: 0,
    };
  }

  /** The attach succeeded: usage is checked against this attachment from now on. */
  attached(): void {
    if (this.next !== undefined) this.current = this.next;
    this.next = undefined;
  }

  /** The attached node completed a turn. */
  turnDone(): void {
    if (this.current !== undefined) this.current.turnsDone += 1;
  }

  /** The answer to a node's `usage` offer. */
  answer(proof: Proof, nowMs: number): UsageSignedFrame | UsageRefusedFrame {
    const offer = readUsageOffer(proof);
    if (typeof offer === 'string') return refused(proof, 'usage_malformed', offer);
    const broken = this.brokenRule(proof, offer, nowMs);
    if (broken !== undefined) return refused(proof, broken[0], broken[1]);
    const countersigned = signProof(proof, this.clientKey);
    if (!countersigned.ok)
      return refused(proof, 'usage_signature_invalid', countersigned.error.message);
    const attachment = this.current!;
    attachment.signedSeconds += offer.seconds;
    attachment.signedTurns += offer.turns;
    attachment.lastWindowEndMs = offer.windowEndMs;
    if (this.signed.length >= USAGE_PROOFS_KEPT_MAX) this.signed.shift();
    this.signed.push(countersigned.value);
    return { t: 'usage-signed', proof: countersigned.value };
  }

  private brokenRule(
    proof: Proof,
    offer: UsageOffer,
    nowMs: number,
  ): [WireErrorCode, string] | undefined {
    const attachment = this.current;
    if (offer.sid !== this.sid) return ['usage_subject_mismatch', `about session ${offer.sid}`];
    if (attachment === undefined || offer.node !== attachment.node) {
      return ['usage_node_mismatch', `${offer.node} does not serve this session`];
    }
    if (!isSignedByNode(proof, offer.node)) {
      return ['usage_signature_invalid', 'not signed by the node it names, or altered'];
    }
    if (offer.client !== this.clientKey.key.did) {
      return ['usage_client_mismatch', `names the client ${offer.client}`];
    }
    if (offer.epoch !== attachment.epoch) {
      return ['usage_epoch_mismatch', `epoch ${offer.epoch}; attached at ${attachment.epoch}`];
    }
    const quoted = attachment.price;
    if (quoted?.minor !== offer.unitPrice.minor || quoted.currency !== offer.unitPrice.currency) {
      const asked = `${offer.unitPrice.minor} ${offer.unitPrice.currency}`;
      const told = quoted === undefined ? 'no price' : `${quoted.minor} ${quoted.currency}`;
      return ['usage_price_mismatch', `priced ${asked} a second; the coordinator quoted ${told}`];
    }
    if (offer.windowStartMs < attachment.lastWindowEndMs) {
      return ['usage_window_overlap', 'the window begins before the last one countersigned ends'];
    }
    const attachedMs = nowMs - attachment.sinceMs + USAGE_SECONDS_SKEW_MS;
    if ((attachment.signedSeconds + offer.seconds) * 1000 > attachedMs) {
      const seconds = attachment.signedSeconds + offer.seconds;
      return ['usage_seconds_exceeded', `${seconds} s claimed in ${nowMs - attachment.sinceMs} ms`];
    }
    if (attachment.signedTurns + offer.turns > attachment.turnsDone) {
      const turns = attachment.signedTurns + offer.turns;
      return ['usage_turns_exceeded', `${turns} turns claimed; ${attachment.turnsDone} done`];
    }
    return undefined;
  }
}

/** Unaltered (its id is its body's) and signed once, by `node`. */
function isSignedByNode(proof: Proof, node: string): boolean {
  if (proof.signatures.length !== 1 || proofId(proof) !== proof.id) return false;
  const atMs = parseTimestamp(proof.issuedAt)!;
  const signers = selfCertifying.verifySignatures(proof.signatures, 'proof', proof.id, atMs);
  return signers.ok && signers.value.has(node);
}

function refused(proof: Proof, code: WireErrorCode, message: string): UsageRefusedFrame {
  return {
    t: 'usage-refused',
    id: proof.id,
    code,
    message: message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX),
  };
}
