/**
 * The simulated network: connections between actors that behave like TCP (each direction one
 * FIFO channel, with a latency drawn per message that never lets it overtake the one before),
 * on which the WebSocket and HTTP traffic of the grid travels as the same JSON text the real
 * sockets carry.
 *
 * What can go wrong: a connection breaks (what is in flight is lost; each end hears of it after
 * its own delay); an actor crashes (its connections break; only the far ends hear of it); an
 * actor is partitioned (nothing reaches it or leaves it; connection attempts into or out of it
 * get no answer; what is in flight on its connections is held, as TCP would retransmit it, and
 * flows again, in order, when the partition heals, unless it lasted long enough for the
 * connections to break); an actor's traffic is slowed by a delay spike. Messages on different
 * connections overtake each other freely: that is the reordering the grid must survive.
 */
import type { SimEvent } from './event-queue.js';
import { CLOSE_NOTICE_MS_MAX, JITTER_MS_MAX, PARTITION_BREAKS_AFTER_MS } from './limits.js';
import type { Scheduler } from './scheduler.js';

export type ConnectionKind = 'link' | 'session' | 'http';

/** The transport's ping and pong (WebSocket control frames, answered below the application). */
export const TRANSPORT_PING = '#ping';
export const TRANSPORT_PONG = '#pong';
export type Side = 'from' | 'to';

export interface ConnectionHandler {
  /** The initiator's side: the connection is established. */
  opened?(conn: Connection): void;
  /** A message; `meta` is what the simulator's oracle attached (never read by grid code). */
  receive(conn: Connection, data: string, meta: number | undefined): void;
  /** The connection ended for this side (refused, closed by the far end, broken); once. */
  closed(conn: Connection): void;
}

/** Something travelling toward one side of a connection: data, the far end's close, the open. */
interface Flight {
  atMs: number;
  event: SimEvent;
  readonly label: string;
  readonly land: () => void;
}

/** One direction of a connection: what is in flight, in the order it was sent. */
interface Channel {
  readonly flights: Flight[];
  lastAtMs: number;
}

export interface Connection {
  readonly id: number;
  readonly kind: ConnectionKind;
  /** The initiator. */
  readonly from: string;
  /** The acceptor. */
  readonly to: string;
  readonly label: string;
  established: boolean;
  broken: boolean;
  fromClosed: boolean;
  toClosed: boolean;
  readonly fromHandler: ConnectionHandler;
  toHandler: ConnectionHandler | undefined;
  /** What travels toward the initiator, and toward the acceptor. */
  readonly towardFrom: Channel;
  readonly towardTo: Channel;
}

/** Answers a connection attempt: the handler of the accepting side, or undefined to refuse. */
export type Acceptor = (conn: Connection) => ConnectionHandler | undefined;

export type CallAnswer =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly reason: 'closed' | 'timeout' };

interface Host {
  readonly id: string;
  readonly oneWayMs: number;
  up: boolean;
  partitionedUntilMs: number;
  spikeUntilMs: number;
  spikeExtraMs: number;
  readonly acceptors: Map<ConnectionKind, Acceptor>;
  readonly connections: Set<Connection>;
}

export interface NetworkCounts {
  messages: number;
  dropped: number;
  held: number;
  connections: number;
  refused: number;
}

export class Network {
  readonly counts: NetworkCounts = {
    messages: 0,
    dropped: 0,
    held: 0,
    connections: 0,
    refused: 0,
  };
  private readonly hosts = new Map<string, Host>();
  private nextId = 1;
  /** Established connections with both ends open, for faults to pick from (swap-removed). */
  private readonly live: Connection[] = [];
  private readonly liveAt = new Map<Connection, number>();

  constructor(private readonly scheduler: Scheduler) {}

  addHost(id: string, oneWayMs: number): void {
    if (this.hosts.has(id)) throw new Error(`assertion failed: host ${id} added twice`);
    this.hosts.set(id, {
      id,
      oneWayMs,
      up: false,
      partitionedUntilMs: 0,
      spikeUntilMs: 0,
      spikeExtraMs: 0,
      acceptors: new Map(),
      connections: new Set(),
    });
  }

  /** The host runs and accepts connections of `kind` with `acceptor`. */
  listen(id: string, kind: ConnectionKind, acceptor: Acceptor): void {
    const host = this.host(id);
    host.up = true;
    host.acceptors.set(kind, acceptor);
  }

  /** The host runs (it may connect out) even if it accepts nothing. */
  start(id: string): void {
    this.host(id).up = true;
  }

  isPartitioned(id: string): boolean {
    return this.host(id).partitionedUntilMs > this.scheduler.nowMs;
  }

  /** Established connections with both ends open, in a deterministic order. */
  liveConnections(): readonly Connection[] {
    return this.live;
  }

  connect(from: string, to: string, kind: ConnectionKind, handler: ConnectionHandler): Connection {
    const source = this.host(from);
    const conn: Connection = {
      id: this.nextId,
      kind,
      from,
      to,
      label: `${kind[0]}${this.nextId}`,
      established: false,
      broken: false,
      fromClosed: false,
      toClosed: false,
      fromHandler: handler,
      toHandler: undefined,
      towardFrom: { flights: [], lastAtMs: 0 },
      towardTo: { flights: [], lastAtMs: 0 },
    };
    this.nextId += 1;
    this.counts.connections += 1;
    source.connections.add(conn);
    // The connection attempt travels toward the acceptor like everything after it.
    this.fly(conn, 'to', `syn ${conn.label} ${from}>${to}`, () => this.arrive(conn));
    return conn;
  }

  /** Sends from `side`; false when that side's end is closed (nothing is sent). */
  send(conn: Connection, side: Side, data: string, what: string, meta?: number): boolean {
    if (conn.broken || this.endClosed(conn, side) || !conn.established) return false;
    const toward = other(side);
    this.counts.messages += 1;
    const label = `msg ${conn.label} ${this.actorOf(conn, side)}>${this.actorOf(conn, toward)} ${what}`;
    this.fly(conn, toward, label, () => this.handlerOf(conn, toward)?.receive(conn, data, meta));
    return true;
  }

  /** A graceful close from `side`: what it sent still arrives, then the far end hears the close. */
  close(conn: Connection, side: Side): void {
    if (this.endClosed(conn, side)) return;
    this.setClosed(conn, side);
    if (conn.broken || !conn.established) return;
    const toward = other(side);
    const label = `fin ${conn.label} ${this.actorOf(conn, side)}>${this.actorOf(conn, toward)}`;
    this.fly(conn, toward, label, () => this.notice(conn, toward));
  }

  /** The connection breaks: what is in flight is lost; each open end hears of it. */
  breakConnection(conn: Connection): void {
    if (conn.broken) return;
    conn.broken = true;
    this.unlive(conn);
    for (const side of ['from', 'to'] as const) {
      if (this.endClosed(conn, side) || (side === 'to' && conn.toHandler === undefined)) continue;
      const delayMs = this.scheduler.delay(1, CLOSE_NOTICE_MS_MAX);
      this.scheduler.after(delayMs, `rst ${conn.label} >${this.actorOf(conn, side)}`, () =>
        this.notice(conn, side),
      );
    }
  }

  /** The host's process dies: its connections break; only their far ends hear of it. */
  crash(id: string): void {
    const host = this.host(id);
    host.up = false;
    host.acceptors.clear();
    for (const conn of [...host.connections]) {
      for (const side of ['from', 'to'] as const) {
        if (this.actorOf(conn, side) === id) this.setClosed(conn, side);
      }
      this.breakConnection(conn);
    }
  }

  /** Nothing reaches or leaves the host for `durationMs`. */
  partition(id: string, durationMs: number): void {
    const host = this.host(id);
    const untilMs = this.scheduler.nowMs + durationMs;
    host.partitionedUntilMs = Math.max(host.partitionedUntilMs, untilMs);
    this.scheduler.at(untilMs, `heal ${id}`, () => {
      if (host.partitionedUntilMs > this.scheduler.nowMs) return;
      if (durationMs < PARTITION_BREAKS_AFTER_MS) return;
      for (const conn of [...host.connections]) this.breakConnection(conn);
    });
  }

  /** Every message to or from the host takes `extraMs` longer for `durationMs`. */
  spike(id: string, durationMs: number, extraMs: number): void {
    const host = this.host(id);
    host.spikeUntilMs = this.scheduler.nowMs + durationMs;
    host.spikeExtraMs = extraMs;
  }

  /**
   * One HTTP exchange: connect, send `body`, take the first answer, close. Ends once, with the
   * answer, or with `closed` (refused, or the connection went) or `timeout`.
   */
  call(
    from: string,
    to: string,
    body: string,
    what: string,
    timeoutMs: number,
    done: (answer: CallAnswer) => void,
  ): void {
    let settled = false;
    const finish = (answer: CallAnswer) => {
      if (settled) return;
      settled = true;
      this.scheduler.cancel(timer);
      this.close(conn, 'from');
      done(answer);
    };
    const conn = this.connect(from, to, 'http', {
      opened: (opened) => this.send(opened, 'from', body, what),
      receive: (_conn, data) => finish({ ok: true, body: data }),
      closed: () => finish({ ok: false, reason: 'closed' }),
    });
    const timer = this.scheduler.after(timeoutMs, `timeout ${conn.label}`, () =>
      finish({ ok: false, reason: 'timeout' }),
    );
  }

  /** The connection attempt reached the acceptor's host. */
  private arrive(conn: Connection): void {
    if (conn.fromClosed) return;
    const target = this.host(conn.to);
    const acceptor = target.up ? target.acceptors.get(conn.kind) : undefined;
    if (acceptor === undefined) {
      this.refuse(conn);
      return;
    }
    // Established before the acceptor runs, so what it sends at once follows the open.
    conn.established = true;
    const opened = this.fly(conn, 'from', `open ${conn.label} ${conn.to}>${conn.from}`, () =>
      conn.fromHandler.opened?.(conn),
    );
    const handler = acceptor(conn);
    if (handler === undefined) {
      conn.established = false;
      this.scheduler.cancel(opened.event);
      conn.towardFrom.flights.pop();
      this.refuse(conn);
      return;
    }
    conn.toHandler = handler;
    target.connections.add(conn);
    this.liveAt.set(conn, this.live.length);
    this.live.push(conn);
  }

  private refuse(conn: Connection): void {
    this.counts.refused += 1;
    conn.toClosed = true;
    conn.broken = true;
    this.scheduler.after(this.latency(conn.to, conn.from), `refused ${conn.label}`, () =>
      this.notice(conn, 'from'),
    );
  }

  /** Puts something in flight toward `side`: it lands after everything sent before it. */
  private fly(conn: Connection, side: Side, label: string, land: () => void): Flight {
    const channel = side === 'from' ? conn.towardFrom : conn.towardTo;
    const latencyMs = this.latency(conn.from, conn.to);
    const atMs = Math.max(this.scheduler.nowMs + latencyMs, channel.lastAtMs);
    channel.lastAtMs = atMs;
    const flight: Flight = {
      atMs,
      label,
      land,
      event: undefined as unknown as SimEvent,
    };
    flight.event = this.scheduler.at(atMs, label, () => this.landed(conn, side, flight));
    channel.flights.push(flight);
    return flight;
  }

  /**
   * The head of a channel arrives: lost on a broken connection or a closed end, held back (with
   * everything behind it, in order) while either end is partitioned, else handed over.
   */
  private landed(conn: Connection, side: Side, flight: Flight): void {
    const channel = side === 'from' ? conn.towardFrom : conn.towardTo;
    if (channel.flights[0] !== flight) {
      throw new Error(`assertion failed: ${flight.label} overtook the channel's head`);
    }
    const healMs = Math.max(
      this.host(conn.from).partitionedUntilMs,
      this.host(conn.to).partitionedUntilMs,
    );
    const lost = conn.broken || (conn.established && this.endClosed(conn, side));
    if (!lost && healMs > this.scheduler.nowMs) {
      this.hold(channel, healMs + this.latency(conn.from, conn.to), conn, side);
      return;
    }
    channel.flights.shift();
    if (lost) {
      this.counts.dropped += 1;
      return;
    }
    flight.land();
  }

  /** Everything in flight on the channel waits until `atMs`, in the order it was sent. */
  private hold(channel: Channel, atMs: number, conn: Connection, side: Side): void {
    let earliest = atMs;
    for (const flight of channel.flights) {
      this.counts.held += 1;
      this.scheduler.cancel(flight.event);
      flight.atMs = Math.max(flight.atMs, earliest);
      earliest = flight.atMs;
      flight.event = this.scheduler.at(flight.atMs, `held ${flight.label}`, () =>
        this.landed(conn, side, flight),
      );
    }
    channel.lastAtMs = Math.max(channel.lastAtMs, earliest);
  }

  /** The far end's close (or a break) reaches `side`. */
  private notice(conn: Connection, side: Side): void {
    if (this.endClosed(conn, side)) return;
    this.setClosed(conn, side);
    this.handlerOf(conn, side)?.closed(conn);
  }

  private latency(a: string, b: string): number {
    const first = this.host(a);
    const second = this.host(b);
    const nowMs = this.scheduler.nowMs;
    let ms = Math.round((first.oneWayMs + second.oneWayMs) / 2);
    ms += this.scheduler.prng.below(JITTER_MS_MAX + 1);
    if (first.spikeUntilMs > nowMs) ms += first.spikeExtraMs;
    if (second.spikeUntilMs > nowMs) ms += second.spikeExtraMs;
    return ms;
  }

  private endClosed(conn: Connection, side: Side): boolean {
    return side === 'from' ? conn.fromClosed : conn.toClosed;
  }

  private setClosed(conn: Connection, side: Side): void {
    if (side === 'from') conn.fromClosed = true;
    else conn.toClosed = true;
    this.unlive(conn);
    if (conn.fromClosed && (conn.toClosed || conn.toHandler === undefined)) this.forget(conn);
  }

  private forget(conn: Connection): void {
    this.hosts.get(conn.from)?.connections.delete(conn);
    this.hosts.get(conn.to)?.connections.delete(conn);
  }

  private unlive(conn: Connection): void {
    const at = this.liveAt.get(conn);
    if (at === undefined) return;
    this.liveAt.delete(conn);
    const last = this.live.pop()!;
    if (last !== conn) {
      this.live[at] = last;
      this.liveAt.set(last, at);
    }
  }

  private handlerOf(conn: Connection, side: Side): ConnectionHandler | undefined {
    return side === 'from' ? conn.fromHandler : conn.toHandler;
  }

  private actorOf(conn: Connection, side: Side): string {
    return side === 'from' ? conn.from : conn.to;
  }

  private host(id: string): Host {
    const host = this.hosts.get(id);
    if (host === undefined) throw new Error(`assertion failed: no host ${id}`);
    return host;
  }
}

function other(side: Side): Side {
  return side === 'from' ? 'to' : 'from';
}
