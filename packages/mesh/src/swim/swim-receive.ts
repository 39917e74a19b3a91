/**
 * How one SWIM member takes in an incoming message: parse it (every field is attacker-controlled
 * until parseSwimMessage accepts it), check that the authenticated sender is the claimed one and
 * that a ping is meant for this member and a ping-req for another, apply the piggybacked updates
 * (SWIM §4.1), then act on the message by type: ack a ping, relay a ping-req, hand acks and nacks
 * to the probe cycle (swim-prober.ts), and merge a sync, answering it if asked to.
 *
 * Replies go to the address this member has on record for the sender, else to the address the
 * datagram came from; without either, a ping or ping-req gets no answer.
 */
import { parseSwimMessage } from './swim-messages.js';
import type { ProbeSink, SwimProber } from './swim-prober.js';
import type { SwimView } from './swim-view.js';

/** What taking in a message needs of the member. */
export interface ReceiveHost extends ProbeSink {
  readonly id: string;
  readonly view: SwimView;
  readonly prober: SwimProber;
  sendSync(to: string, address: string, reply: boolean): void;
}

/** Takes in `value` from `from` (as the transport authenticated it), sent from `fromAddress`. */
export function receiveSwimMessage(
  host: ReceiveHost,
  from: string,
  value: unknown,
  fromAddress: string | undefined,
): void {
  const parsed = parseSwimMessage(value);
  if (!parsed.ok) {
    host.reject(parsed.error.code);
    return;
  }
  const message = parsed.value;
  if (message.sender !== from || from === host.id) {
    host.reject('swim_sender_mismatch');
    return;
  }
  if (
    (message.type === 'ping' && message.target !== host.id) ||
    (message.type === 'ping-req' && message.target === host.id)
  ) {
    host.reject('swim_target_mismatch');
    return;
  }
  for (const update of message.updates) host.applyUpdate(update);
  const replyAddress = host.view.view(from)?.address ?? fromAddress;
  switch (message.type) {
    case 'ping':
      if (replyAddress !== undefined) {
        host.send(from, replyAddress, {
          type: 'ack',
          sender: host.id,
          target: host.id,
          seq: message.seq,
        });
      }
      return;
    case 'ping-req':
      host.prober.relay(message.sender, replyAddress, message);
      return;
    case 'ack':
      host.prober.acknowledged(message.sender, message.target, message.seq);
      return;
    case 'nack':
      host.prober.nacked(from, message.target, message.seq);
      return;
    case 'sync':
      for (const entry of message.members) host.applyUpdate(entry);
      if (message.reply && replyAddress !== undefined) host.sendSync(from, replyAddress, false);
      return;
  }
}
