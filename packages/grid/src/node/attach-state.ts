/**
 * The state an attaching session goes on from, and the turn its client sends next. The ticket
 * decides the source (session-turns.ts attachSource): what this node still holds when it is the
 * checkpoint the ticket names, else that checkpoint (a `restore` frame, waited for briefly), else
 * — the session had no turn yet — the agent's init. Then the client resumes right after its last
 * acknowledged turn (resumeSeq), or is refused with the code that says why it cannot.
 */
import type { JsonValue } from '@mycel/kernel';
import { type SessionCheckpoint, type SessionTicket, type WireResult, wireFail } from '@mycel/wire';
import type { AgentRef, InitOutcome, InitRequest } from '../inference/turn-request.js';
import type { SessionSnapshot } from './session-host.js';
import { attachSource, resumeSeq, startTurns, turnsFromCheckpoint } from './session-turns.js';
import { frameMessage, wireCodeOf } from './wire-codes-of.js';

export interface AttachState {
  readonly agent: AgentRef;
  readonly start: SessionSnapshot;
  /** What `attached.nextSeq` tells the client. */
  readonly nextSeq: number;
}

/** What finding the state needs from the node. */
export interface AttachStateSources {
  resolve(reference: string): Promise<WireResult<AgentRef>>;
  /** The checkpoint with `digest` for this session epoch, once it arrives (or undefined). */
  restore(sid: string, epoch: number, digest: string): Promise<SessionCheckpoint | undefined>;
  init(request: InitRequest): Promise<InitOutcome>;
}

export async function attachState(
  ticket: SessionTicket,
  carried: SessionSnapshot | undefined,
  lastSeq: number,
  sources: AttachStateSources,
): Promise<WireResult<AttachState>> {
  const agent = await sources.resolve(ticket.agent);
  if (!agent.ok) return agent;
  const source = attachSource(ticket.checkpoint, carried === undefined ? null : carried.digest);
  let start: SessionSnapshot;
  if (source.from === 'carried' && carried !== undefined) {
    start = { ...carried, epoch: ticket.epoch };
  } else if (source.from === 'restore') {
    const checkpoint = await sources.restore(ticket.sid, ticket.epoch, source.digest);
    if (checkpoint === undefined) {
      return wireFail(
        'checkpoint_missing',
        `the checkpoint of turn ${source.seq} has not reached this node`,
      );
    }
    start = { ...turnsFromCheckpoint(checkpoint, ticket.epoch), digest: checkpoint.digest };
  } else {
    const init = await sources.init({ sid: ticket.sid, agent: agent.value });
    if (!init.ok) {
      const code = wireCodeOf(init.error.code);
      return wireFail(code, frameMessage(init.error.code, code, init.error.message));
    }
    start = fresh(ticket, init.value);
  }
  const resumed = resumeSeq(startTurns(start), lastSeq);
  if (!resumed.ok) return wireFail(resumed.code, resumed.message);
  return { ok: true, value: { agent: agent.value, start, nextSeq: resumed.nextSeq } };
}

function fresh(ticket: SessionTicket, state: JsonValue): SessionSnapshot {
  const { sid, epoch, agent } = ticket;
  return { sid, epoch, agent, state, seq: 0, turns: 0, last: undefined, digest: undefined };
}
