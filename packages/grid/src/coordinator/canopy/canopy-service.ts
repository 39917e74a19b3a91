/**
 * The canopy around one coordinator: the thin shell over MMP Core's canopy and federation code.
 * It publishes the coordinator's signed colony summary to every peer at most once per interval
 * (POST /v1/canopy/summaries), keeps what peers publish in a SummaryBook, forwards a session its
 * colony cannot place to the best neighbour (POST /v1/canopy/place), and places sessions
 * neighbours forward to it after the treaty gate. Timers and fetch live here; every decision is
 * in @mycel/mesh.
 */
import {
  type Amount,
  COLONY_ID_PATTERN,
  type JsonValue,
  type Signer,
  type Treaty,
  TrustStore,
} from '@mycel/kernel';
import {
  buildSummary,
  type CanopySummary,
  type CanopyTrust,
  checkColonyOwner,
  checkSessionCrossing,
  type FederationPackSet,
  type MeshResult,
  PublishSchedule,
  rankOverflow,
  readFederationPacks,
  SummaryBook,
  TreatyBook,
} from '@mycel/mesh';
import {
  checkOpenSessionResponse,
  isWireErrorCode,
  LATENCY_BUDGET_MS,
  type OpenSessionRequest,
  type OpenSessionResponse,
  type WireErrorCode,
} from '@mycel/wire';
import type { Logger } from 'pino';
import {
  CANOPY_FORWARD_TRIES,
  CANOPY_FORWARDS_REMEMBERED,
  CANOPY_PEERS_MAX,
  CANOPY_REQUEST_TIMEOUT_MS,
} from '../../limits.js';
import type { CoordinatorCore } from '../coordinator-core.js';
import type { OpenSessionResult, PlacedBy } from '../open-session.js';
import { buildForward, checkForward } from './canopy-forward.js';
import { CanopyConfigError, type CanopyOptions } from './canopy-options.js';
import { CANOPY_PATHS } from './canopy-paths.js';
import { colonySummary } from './colony-summary.js';

/** Local refusals after which a neighbour may do better: nothing near enough, or all full. */
const OVERFLOW_CODES: readonly WireErrorCode[] = [
  'route_pushback',
  'route_no_candidates',
  'agent_unknown',
];

export interface CanopyContext {
  readonly core: CoordinatorCore;
  readonly signer: Signer;
  readonly options: CanopyOptions;
  /** What this coordinator quotes per second; its summary's price band. */
  readonly price: Amount;
  readonly logger: Logger;
}

/** What POST /v1/canopy/place answers when it placed the session. */
export interface CanopyPlaced {
  readonly placed: OpenSessionResponse;
  readonly coordinator: PlacedBy;
}

/** What GET /v1/canopy answers: what this coordinator knows of its canopy. */
export interface CanopyView {
  readonly coordinator: string;
  readonly federation: string;
  readonly colony: string;
  readonly url: string;
  readonly peers: readonly string[];
  readonly own: CanopySummary | undefined;
  readonly summaries: readonly CanopySummary[];
  readonly treaties: readonly Pick<
    Treaty,
    'id' | 'federations' | 'kinds' | 'validFrom' | 'validUntil'
  >[];
}

type LocalOpen = (request: OpenSessionRequest) => Promise<OpenSessionResult>;

export class Canopy {
  readonly book: SummaryBook;
  readonly treaties = new TreatyBook();
  private readonly store = new TrustStore();
  private readonly trust: CanopyTrust;
  private readonly federations: FederationPackSet | undefined;
  private readonly schedule: PublishSchedule;
  private readonly seenForwards = new Map<string, number>();
  private readonly stopping = new AbortController();
  private url = '';
  private own: CanopySummary | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Checks the configuration; a bad one throws CanopyConfigError with the code. */
  constructor(
    private readonly context: CanopyContext,
    nowMs: number,
  ) {
    const { options, core } = context;
    if (!new RegExp(COLONY_ID_PATTERN).test(options.colony)) {
      throw new CanopyConfigError('request_malformed', `${options.colony} is not a colony id`);
    }
    if (options.peers.length > CANOPY_PEERS_MAX) {
      throw new CanopyConfigError('request_malformed', `at most ${CANOPY_PEERS_MAX} peers`);
    }
    for (const peer of options.peers) {
      if (!/^https?:\/\/[^\s]+$/.test(peer)) {
        throw new CanopyConfigError('request_malformed', `${peer} is not an http(s) URL`);
      }
    }
    this.schedule = new PublishSchedule(options.publishIntervalMs);
    // Peers publish at the interval this coordinator does: take one per half interval from each.
    this.book = new SummaryBook({ minGapMs: this.schedule.intervalMs / 2 });
    if (options.packs !== undefined && options.packs.length > 0) {
      const read = readFederationPacks(options.packs, this.store, nowMs);
      if (!read.ok) throw new CanopyConfigError(read.error.code, read.error.message);
      this.federations = read.value;
      // A coordinator that claims a colony its own federation's pack gives to no one, or to
      // another coordinator, would only have its summaries refused: it does not start.
      const owned = checkColonyOwner(read.value.packs, {
        coordinator: core.did,
        federation: core.grid,
        colony: options.colony,
      });
      if (!owned.ok) throw new CanopyConfigError(owned.error.code, owned.error.message);
    }
    this.trust = {
      store: this.store,
      ...(this.federations === undefined ? {} : { packs: this.federations.packs }),
    };
    for (const treaty of options.treaties ?? []) {
      const added = this.treaties.add(
        treaty,
        { store: this.store, identities: this.federations?.identities ?? new Map() },
        nowMs,
      );
      if (!added.ok) throw new CanopyConfigError(added.error.code, added.error.message);
    }
  }

  get did(): string {
    return this.context.core.did;
  }

  /** Begins publishing; `url` is where this coordinator listens. */
  start(url: string): void {
    this.url = this.context.options.advertiseUrl ?? url;
    const tick = () => void this.publishIfDue(Date.now());
    tick();
    this.timer = setInterval(tick, Math.max(10, Math.floor(this.schedule.intervalMs / 4)));
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.stopping.abort();
  }

  /** Signs a fresh summary and sends it to every peer, if one is due. */
  async publishIfDue(nowMs: number): Promise<void> {
    const seq = this.schedule.publish(nowMs);
    if (seq === undefined) return;
    const { core, signer, options, price } = this.context;
    const summary = buildSummary(
      colonySummary(core.nodes, {
        url: this.url,
        federation: core.grid,
        colony: options.colony,
        seq,
        issuedAtMs: nowMs,
        price,
      }),
      signer,
    );
    this.own = summary;
    await Promise.all(
      options.peers.map(async (peer) => {
        const answer = await this.post(`${peer}${CANOPY_PATHS.summaries}`, summary);
        if (answer.status !== 202) {
          this.context.logger.debug(
            { peer, status: answer.status, code: answer.code },
            'canopy peer did not take the summary',
          );
        }
      }),
    );
  }

  /** A peer's summary (POST /v1/canopy/summaries). */
  receive(body: JsonValue, nowMs: number): MeshResult<CanopySummary> {
    return this.book.offer(body, this.trust, nowMs);
  }

  view(): CanopyView {
    const { core, options } = this.context;
    return {
      coordinator: core.did,
      federation: core.grid,
      colony: options.colony,
      url: this.url,
      peers: options.peers,
      own: this.own,
      summaries: this.book.all(),
      treaties: this.treaties.list().map(({ id, federations, kinds, validFrom, validUntil }) => ({
        id,
        federations,
        kinds,
        validFrom,
        ...(validUntil === undefined ? {} : { validUntil }),
      })),
    };
  }

  /**
   * Overflow: the local colony refused `request` with `refusal`. Asks the best neighbours in
   * turn; answers with the first placement, else with the last refusal that was not about room
   * (a treaty code, say), else undefined (the local refusal stands).
   */
  async overflow(
    request: OpenSessionRequest,
    refusal: WireErrorCode,
    nowMs: number,
  ): Promise<OpenSessionResult | undefined> {
    if (!OVERFLOW_CODES.includes(refusal)) return undefined;
    const budgetMs = LATENCY_BUDGET_MS[request.class];
    let ranked = rankOverflow(this.book.fresh(nowMs), {
      latencyClass: request.class,
      agent: request.agent,
      self: this.did,
      ...(request.coordinate === undefined ? {} : { client: request.coordinate }),
      ...(Number.isFinite(budgetMs) ? { budgetMs } : {}),
    });
    // An agent unknown here is worth forwarding only to a colony that has it.
    if (refusal === 'agent_unknown') ranked = ranked.filter((candidate) => candidate.warm);
    let answer: OpenSessionResult | undefined;
    for (const candidate of ranked.slice(0, CANOPY_FORWARD_TRIES)) {
      const forward = buildForward(
        {
          federation: this.context.core.grid,
          colony: this.context.options.colony,
          issuedAtMs: nowMs,
          request,
        },
        this.context.signer,
      );
      const url = `${candidate.summary.url}${CANOPY_PATHS.place}`;
      const reply = await this.post(url, forward);
      const placed = reply.body as Partial<CanopyPlaced> | undefined;
      if (
        reply.status === 201 &&
        placed?.placed !== undefined &&
        checkOpenSessionResponse.Check(placed.placed)
      ) {
        this.context.logger.info(
          {
            sid: placed.placed.sid,
            by: candidate.summary.coordinator,
            colony: candidate.summary.colony,
          },
          'session forwarded to a canopy neighbour',
        );
        return {
          ok: true,
          value: {
            ...placed.placed,
            placedBy: { coordinator: candidate.summary.coordinator, url: candidate.summary.url },
          },
        };
      }
      const code = reply.code !== undefined && isWireErrorCode(reply.code) ? reply.code : undefined;
      if (
        code !== undefined &&
        !OVERFLOW_CODES.includes(code) &&
        code !== 'coordinator_unavailable'
      ) {
        answer = { ok: false, error: { code, message: reply.message ?? code } };
      }
    }
    return answer;
  }

  /**
   * A neighbour's forward (POST /v1/canopy/place): checked, gated by treaty when federations
   * differ, then placed on a node of this colony by `openLocal` (which never overflows again).
   */
  async place(body: unknown, nowMs: number, openLocal: LocalOpen): Promise<OpenSessionResult> {
    const checked = checkForward(body, this.store, nowMs);
    if (!checked.ok) return checked;
    const forward = checked.value;
    if (this.seenForwards.has(forward.id)) {
      return {
        ok: false,
        error: { code: 'canopy_forward_invalid', message: 'the forward was replayed' },
      };
    }
    if (this.federations !== undefined) {
      const owned = checkColonyOwner(this.federations.packs, {
        coordinator: forward.from,
        federation: forward.federation,
        colony: forward.colony,
      });
      if (!owned.ok) {
        return {
          ok: false,
          error: { code: 'canopy_forward_invalid', message: owned.error.message },
        };
      }
    }
    const gate = checkSessionCrossing(this.context.core.grid, this.treaties, {
      from: forward.federation,
      to: this.context.core.grid,
      atMs: nowMs,
      ...(this.context.options.jurisdiction === undefined
        ? {}
        : { jurisdiction: this.context.options.jurisdiction }),
    });
    if (!gate.ok) {
      const code = isWireErrorCode(gate.error.code) ? gate.error.code : 'canopy_forward_invalid';
      return { ok: false, error: { code, message: gate.error.message } };
    }
    this.remember(forward.id);
    return openLocal(forward.request);
  }

  private remember(id: string): void {
    if (this.seenForwards.size >= CANOPY_FORWARDS_REMEMBERED) {
      const oldest = this.seenForwards.keys().next().value;
      if (oldest !== undefined) this.seenForwards.delete(oldest);
    }
    this.seenForwards.set(id, 0);
  }

  private async post(
    url: string,
    body: unknown,
  ): Promise<{ status: number; body?: unknown; code?: string; message?: string }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([
          this.stopping.signal,
          AbortSignal.timeout(CANOPY_REQUEST_TIMEOUT_MS),
        ]),
      });
      const parsed = (await response.json().catch(() => undefined)) as
        | { error?: { code?: unknown; message?: unknown } }
        | undefined;
      const error = parsed?.error;
      return {
        status: response.status,
        body: parsed,
        ...(typeof error?.code === 'string' ? { code: error.code } : {}),
        ...(typeof error?.message === 'string' ? { message: error.message } : {}),
      };
    } catch (error) {
      return {
        status: 0,
        code: 'coordinator_unavailable',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
