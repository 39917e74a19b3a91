/**
 * A ticket is bound to the client key named in it: to attach, the client signs the ticket's id
 * (kind `session-attach`) with that key. A ticket copied off the wire is useless to anyone who does
 * not also hold the client's key.
 */
import {
  parseDidKey,
  type SignatureEntry,
  type Signer,
  signatureEntry,
  signingInput,
} from '@mycel/kernel';
import type { SessionTicket } from './session-ticket.js';
import { isSignedBy } from './signed-by.js';
import { type WireResult, wireFail } from './wire-result.js';

export function attachProof(ticket: SessionTicket, client: Signer): SignatureEntry {
  return signatureEntry(client, signingInput('session-attach', ticket.id));
}

export function verifyAttachProof(ticket: SessionTicket, proof: SignatureEntry): WireResult<true> {
  const client = parseDidKey(ticket.client);
  if (!client.ok) return wireFail('ticket_malformed', 'the ticket names no valid client key');
  if (!isSignedBy(proof, 'session-attach', ticket.id, client.value)) {
    return wireFail('attach_proof_invalid', 'the attach proof is not by the ticket client key');
  }
  return { ok: true, value: true };
}
