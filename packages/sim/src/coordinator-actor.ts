/**
 * The coordinator process: the real CoordinatorCore inside a simulated shell that mirrors grid's
 * coordinator-server.ts. It ticks the core every max(5, heartbeat/2) ms, carries the core's
 * effects out as coordinator-effects.ts does (probes answered or timed out over the simulated
 * network, links of failed nodes closed, moves written to the journal, restores sent with the
 * checkpoint from the store), answers the open and resume requests of open-session.ts and
 * resume-session.ts (journal written before the answer leaves), and takes control links
 * (coordinator-links.ts) and checkpoints (coordinator-intake.ts).
 *
 * A crash loses everything in memory; the restart builds a new core from the same key, the
 * journal's open sessions and the store's latest checkpoints (core.restoreSessions), as
 * startCoordinator does.
 */
import { CoordinatorCore, type CoreEffect, gridLimits } from '@mycel/grid';
import { parseDidKey, type Signer, toBase64Url } from '@mycel/kernel';
import {
  type CoordinatorFrame,
  checkOpenSessionRequest,
  checkResumeSessionRequest,
  type OpenSessionResponse,
  type ResumeSessionRequest,
  type WireErrorCode,
} from '@mycel/wire';
import { CheckpointIntake } from './coordinator-intake.js';
import { CoordinatorLinks } from './coordinator-links.js';
import type { DurableStore } from './durable-store.js';
import type { SimEvent } from './event-queue.js';
import { GRID_NAME } from './limits.js';
import type { Connection } from './network.js';
import { actorOfEndpoint, COORDINATOR_ID, type SimContext } from './sim-context.js';

/** What the coordinator's HTTP API answers (the body of a 200, or of an error status). */
export type HttpAnswer =
  | { readonly ok: true; readonly value: OpenSessionResponse }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: WireErrorCode;
        readonly message: string;
        readonly retryAfterMs?: number;
      };
    };

/** What a client sends: an open (POST /v1/sessions) or a resume (POST /v1/sessions/:sid/resume). */
export type HttpRequest =
  | { readonly path: 'open'; readonly body: unknown }
  | { readonly path: 'resume'; readonly sid: string; readonly body: unknown };

interface Running {
  readonly core: CoordinatorCore;
  readonly links: CoordinatorLinks;
  readonly intake: CheckpointIntake;
  readonly generation: number;
  tick: SimEvent | undefined;
}

export class CoordinatorActor {
  readonly heartbeatMs = gridLimits.HEARTBEAT_INTERVAL_MS;
  readonly tickMs = Math.max(5, Math.floor(gridLimits.HEARTBEAT_INTERVAL_MS / 2));
  /** When the running process started (for the migration budget across a restart). */
  upSinceMs = 0;
  private running: Running | undefined;
  private generation = 0;

  constructor(
    private readonly context: SimContext,
    readonly signer: Signer,
    readonly store: DurableStore,
  ) {}

  get core(): CoordinatorCore | undefined {
    return this.running?.core;
  }

  get did(): string {
    return this.signer.key.did;
  }

  start(): void {
    const { scheduler, network } = this.context;
    const nowMs = scheduler.nowMs;
    const core = new CoordinatorCore({
      grid: GRID_NAME,
      signer: this.signer,
      heartbeatMs: this.heartbeatMs,
    });
    core.restoreSessions(this.store.openSessions(), nowMs);
    this.generation += 1;
    const generation = this.generation;
    const alive = () => this.running?.generation === generation;
    const links = new CoordinatorLinks(this.context, {
      core,
      heartbeatMs: this.heartbeatMs,
      applyEffects: (effects) => this.applyEffects(effects),
      offerCheckpoint: (node, checkpoint) => this.running?.intake.offer(node, checkpoint),
      refuseSession: (node, sid, epoch, code, message) =>
        this.running?.intake.refuse(node, sid, epoch, code, message),
    });
    const intake = new CheckpointIntake(this.context, {
      core,
      store: this.store,
      alive,
      send: (node, frame) => this.sendTo(node, frame),
    });
    this.running = { core, links, intake, generation, tick: undefined };
    this.upSinceMs = nowMs;
    network.listen(COORDINATOR_ID, 'link', (conn) => links.accept(conn));
    network.listen(COORDINATOR_ID, 'http', (conn) => this.http(conn));
    for (const entry of core.sessions.all()) this.context.oracle.touch(entry.sid);
    this.scheduleTick();
  }

  /** The process dies: memory, links, timers and writes in flight are gone. */
  crash(): void {
    const running = this.running;
    if (running === undefined) return;
    this.context.scheduler.cancel(running.tick);
    this.running = undefined;
    this.context.network.crash(COORDINATOR_ID);
  }

  get isUp(): boolean {
    return this.running !== undefined;
  }

  private scheduleTick(): void {
    const running = this.running;
    if (running === undefined) return;
    running.tick = this.context.scheduler.after(this.tickMs, 'co tick', () => {
      if (this.running !== running) return;
      this.applyEffects(running.core.tick(this.context.scheduler.nowMs));
      this.flushJournal();
      this.scheduleTick();
    });
  }

  /** Writes what the core changed since the last flush (session-journal.ts flush). */
  private flushJournal(): void {
    const core = this.running?.core;
    if (core === undefined) return;
    for (const entry of core.sessions.takeDirty()) {
      this.store.saveSession(entry);
      this.context.oracle.touch(entry.sid);
    }
  }

  private sendTo(node: string, frame: CoordinatorFrame): boolean {
    return this.running?.links.sendTo(node, frame) ?? false;
  }

  /** coordinator-effects.ts, on the simulated network. */
  private applyEffects(effects: readonly CoreEffect[]): void {
    const running = this.running;
    if (running === undefined) return;
    const { oracle, counts } = this.context;
    for (const effect of effects) {
      switch (effect.type) {
        case 'probe':
          this.probe(running, effect.node, effect.endpoint);
          break;
        case 'node-failed':
          for (const sid of effect.sessions) oracle.touch(sid);
          running.links.closeNode(effect.node);
          break;
        case 'session-moving':
          counts.moves += 1;
          oracle.touch(effect.sid);
          this.flushJournal();
          break;
        case 'session-placed':
        case 'session-failed':
          oracle.touch(effect.sid);
          this.flushJournal();
          break;
        case 'restore':
          oracle.touch(effect.sid);
          this.restore(effect.node, effect.epoch, effect.digest);
          break;
        case 'session-expired':
          oracle.touch(effect.sid);
          break;
        case 'node-suspected':
        case 'node-recovered':
        case 'membership-changed':
          break;
      }
    }
  }

  /** The new node gets the checkpoint before the client can bring it a ticket naming it. */
  private restore(node: string, epoch: number, digest: string): void {
    const checkpoint = this.store.checkpoint(digest);
    if (checkpoint === undefined) {
      // coordinator-effects.ts logs 'the checkpoint to restore is not in the store' and stops.
      this.context.counts.restoresMissing += 1;
      return;
    }
    this.sendTo(node, { t: 'restore', epoch, checkpoint: { ...checkpoint } });
  }

  /** GET /v1/health on the node: answered, or failed (refused, broken, timed out). */
  private probe(running: Running, node: string, endpoint: string): void {
    const target = actorOfEndpoint(endpoint);
    if (target === undefined) return;
    const { network, scheduler } = this.context;
    network.call(
      COORDINATOR_ID,
      target,
      JSON.stringify({ path: 'health' }),
      'health',
      gridLimits.HEALTH_PROBE_TIMEOUT_MS,
      (answer) => {
        if (this.running !== running) return;
        const nowMs = scheduler.nowMs;
        this.applyEffects(
          answer.ok
            ? running.core.probeAnswered(node, nowMs)
            : running.core.probeFailed(node, answer.reason, nowMs),
        );
      },
    );
  }

  private http(conn: Connection) {
    return {
      receive: (_conn: Connection, data: string) => {
        const running = this.running;
        if (running === undefined) return;
        const request = JSON.parse(data) as HttpRequest;
        const answer =
          request.path === 'open'
            ? this.open(running, request.body)
            : this.resume(running, request.sid, request.body);
        const what = answer.ok ? 'placed' : answer.error.code;
        this.context.network.send(conn, 'to', JSON.stringify(answer), what);
      },
      closed: () => undefined,
    };
  }

  /** open-session.ts: check, place, sign the ticket, write the journal, answer. */
  private open(running: Running, body: unknown): HttpAnswer {
    if (!checkOpenSessionRequest.Check(body)) {
      return fail('request_malformed', 'not an open-session request');
    }
    if (!parseDidKey(body.client).ok) return fail('request_malformed', 'client is not a did:key');
    const { scheduler, oracle } = this.context;
    const sid = toBase64Url(scheduler.prng.bytes(16));
    oracle.touch(sid);
    const opened = running.core.open(
      { sid, agent: body.agent, latencyClass: body.class, client: body.client },
      scheduler.nowMs,
    );
    this.flushJournal();
    if (!opened.ok) {
      if (opened.error.code !== 'route_pushback') return opened;
      return {
        ok: false,
        error: { ...opened.error, retryAfterMs: gridLimits.PUSHBACK_RETRY_AFTER_MS },
      };
    }
    const { session, node, ticket } = opened.value;
    return {
      ok: true,
      value: {
        sid: session.sid,
        epoch: session.epoch,
        ticket,
        node: { did: node.did, endpoint: node.endpoint, label: node.label },
      },
    };
  }

  /** resume-session.ts: check, decide, write the journal, carry out the effects, answer. */
  private resume(running: Running, sid: string, body: unknown): HttpAnswer {
    if (!checkResumeSessionRequest.Check(body)) {
      return fail('request_malformed', 'not a resume request');
    }
    this.context.oracle.touch(sid);
    const { answer, effects } = running.core.resume(
      sid,
      body as ResumeSessionRequest,
      this.context.scheduler.nowMs,
    );
    this.flushJournal();
    this.applyEffects(effects);
    if (!answer.ok) return answer;
    const { session, node, ticket } = answer.value;
    return {
      ok: true,
      value: {
        sid: session.sid,
        epoch: session.epoch,
        ticket,
        node: { did: node.did, endpoint: node.endpoint, label: node.label },
      },
    };
  }
}

function fail(code: WireErrorCode, message: string): HttpAnswer {
  return { ok: false, error: { code, message } };
}
