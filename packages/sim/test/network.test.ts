/**
 * The simulated network keeps TCP's promises (each direction in order, a graceful close after
 * what was sent) and breaks them only the ways it says: breaks, crashes, partitions.
 */
import { describe, expect, it } from 'vitest';
import { type Connection, EventQueue, Network, Prng, Scheduler } from '../src/index.js';

function setUp(seed = 5) {
  const queue = new EventQueue();
  const scheduler = new Scheduler(0, new Prng(seed), queue);
  const network = new Network(scheduler);
  network.addHost('a', 10);
  network.addHost('b', 30);
  network.start('a');
  const got: string[] = [];
  const run = (untilMs = Number.POSITIVE_INFINITY) => {
    for (let event = queue.pop(); event !== undefined; event = queue.pop()) {
      scheduler.nowMs = event.atMs;
      event.run();
      if (scheduler.nowMs > untilMs) break;
    }
  };
  network.listen('b', 'session', () => ({
    receive: (_conn, data) => got.push(`b:${data}`),
    closed: () => got.push('b:closed'),
  }));
  let conn: Connection | undefined;
  const open = () => {
    conn = network.connect('a', 'b', 'session', {
      opened: () => got.push('a:opened'),
      receive: (_c, data) => got.push(`a:${data}`),
      closed: () => got.push('a:closed'),
    });
    run();
    return conn;
  };
  return { scheduler, network, got, run, open };
}

describe('Network', () => {
  it('delivers each direction in order, and a close after what was sent', () => {
    const { network, got, run, open } = setUp();
    const conn = open();
    for (let n = 0; n < 200; n++) network.send(conn, 'from', `${n}`, 'n');
    network.close(conn, 'from');
    run();
    const received = got.filter((line) => line.startsWith('b:'));
    expect(received).toEqual([...Array.from({ length: 200 }, (_, n) => `b:${n}`), 'b:closed']);
  });

  it('holds traffic through a short partition, in order, and delivers it after the heal', () => {
    const { network, got, run, open, scheduler } = setUp();
    const conn = open();
    network.send(conn, 'from', 'before', 'x');
    network.partition('b', 2_000);
    const partitionedAt = scheduler.nowMs;
    for (let n = 0; n < 50; n++) network.send(conn, 'from', `${n}`, 'n');
    run();
    expect(got.filter((line) => line.startsWith('b:'))).toEqual([
      'b:before',
      ...Array.from({ length: 50 }, (_, n) => `b:${n}`),
    ]);
    expect(scheduler.nowMs).toBeGreaterThanOrEqual(partitionedAt + 2_000);
  });

  it('loses what is in flight on a break, and tells both ends', () => {
    const { network, got, run, open } = setUp();
    const conn = open();
    network.send(conn, 'from', 'lost', 'x');
    network.breakConnection(conn);
    run();
    expect(got).not.toContain('b:lost');
    expect(got).toEqual(expect.arrayContaining(['a:closed', 'b:closed']));
    expect(network.send(conn, 'from', 'after', 'x')).toBe(false);
  });

  it('refuses connections to a crashed host and tells the far end of its connections', () => {
    const { network, got, run, open } = setUp();
    open();
    network.crash('b');
    run();
    expect(got).toContain('a:closed');
    got.length = 0;
    open();
    expect(got).toEqual(['a:closed']);
  });
});
