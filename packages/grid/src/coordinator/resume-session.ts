/**
 * Resuming a session: the function behind POST /v1/sessions/:sid/resume. Checks the body, lets
 * the core decide (session-moves.ts), writes the decision to the journal before the ticket leaves
 * (a new epoch is durable before any node can be asked to serve it), carries out the effects and
 * answers like an open.
 */
import {
  checkResumeSessionRequest,
  type OpenSessionResponse,
  type ResumeSessionRequest,
  wireFail,
} from '@mycel/wire';
import type { Logger } from 'pino';
import type { CoordinatorCore } from './coordinator-core.js';
import type { ApplyEffects } from './coordinator-effects.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import { predictedRttMs } from './network-coordinate.js';
import type { OpenSessionResult } from './open-session.js';
import type { SessionJournal } from './session-journal.js';

export type ResumeSession = (sid: string, body: unknown) => Promise<OpenSessionResult>;

export interface ResumeContext {
  readonly core: CoordinatorCore;
  readonly journal: SessionJournal;
  readonly applyEffects: ApplyEffects;
  readonly metrics: CoordinatorMetrics;
  readonly logger: Logger;
}

export function sessionResumer(context: ResumeContext): ResumeSession {
  const { core, journal, metrics, logger } = context;
  return async (sid, body) => {
    const result = await resume(sid, body);
    metrics.resumes.inc({ result: result.ok ? 'placed' : result.error.code });
    if (result.ok) {
      const { node, epoch } = result.value;
      logger.info({ sid, node: node.did, nodeLabel: node.label, epoch }, 'session resumed');
    } else if (result.error.code !== 'resume_pending') {
      logger.warn({ sid, code: result.error.code }, 'resume refused');
    }
    return result;
  };

  async function resume(sid: string, body: unknown): Promise<OpenSessionResult> {
    if (!checkResumeSessionRequest.Check(body)) {
      const first = checkResumeSessionRequest.Errors(body).First();
      const where = `${first?.path ?? ''} ${first?.message ?? 'bad shape'}`.trim();
      return wireFail('request_malformed', where);
    }
    const { answer, effects } = core.resume(sid, body as ResumeSessionRequest, Date.now());
    try {
      await journal.flush();
    } catch (error) {
      // Another coordinator wrote this epoch first (a shared store): this placement is void.
      const code = (error as { code?: string }).code;
      context.applyEffects(effects);
      if (code === 'session_epoch_conflict') {
        return wireFail('session_epoch_conflict', 'another coordinator moved this session first');
      }
      logger.error({ err: error, sid }, 'session journal write failed');
      return wireFail('internal_error', 'the coordinator could not record the move');
    }
    context.applyEffects(effects);
    if (!answer.ok) return answer;
    const { session, node, ticket } = answer.value;
    const rttMs =
      session.coordinate === undefined || node.coordinate === undefined
        ? undefined
        : predictedRttMs(session.coordinate, node.coordinate);
    const response: OpenSessionResponse = {
      sid: session.sid,
      epoch: session.epoch,
      ticket,
      node: { did: node.did, endpoint: node.endpoint, label: node.label },
      ...(rttMs === undefined ? {} : { predictedRttMs: rttMs }),
    };
    return { ok: true, value: response };
  }
}
