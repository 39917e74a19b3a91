/**
 * The summary book and the publishing schedule: newest summary per coordinator, replays and
 * floods refused with their codes, a bad summary leaves the book as it was, bounded size.
 */
import type { JsonValue } from '@mycel/kernel';
import { PublishSchedule, SummaryBook } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import {
  CANOPY_SUMMARY_INTERVAL_MS,
  CANOPY_SUMMARY_MAX_AGE_MS,
  CANOPY_SUMMARY_MIN_GAP_MS,
} from '../src/limits.js';
import { CHENNAI, MUMBAI, NOW, PACK, signerOf, summary, trust } from './canopy-fixture.js';

const json = (value: unknown) => value as JsonValue;
const TRUST = trust([PACK]);

function bookWith(...entries: [ReturnType<typeof summary>, number][]): SummaryBook {
  const book = new SummaryBook();
  for (const [value, atMs] of entries) expect(book.offer(json(value), TRUST, atMs).ok).toBe(true);
  return book;
}

describe('SummaryBook', () => {
  it('keeps the newest summary per coordinator', () => {
    const first = summary({ seq: 1 });
    const second = summary({ seq: 2, issuedAtMs: NOW + CANOPY_SUMMARY_INTERVAL_MS });
    const mumbai = summary({ colony: 'mumbai', seq: 7 }, MUMBAI);
    const book = bookWith([first, NOW], [mumbai, NOW], [second, NOW + CANOPY_SUMMARY_INTERVAL_MS]);
    expect(book.size).toBe(2);
    expect(book.newest(CHENNAI.key.did)).toEqual(second);
    expect(
      book
        .fresh(NOW + CANOPY_SUMMARY_INTERVAL_MS)
        .map((entry) => entry.seq)
        .sort(),
    ).toEqual([2, 7]);
  });

  it('a replayed summary (same seq, or older): summary_replayed, book unchanged', () => {
    const first = summary({ seq: 5 });
    const book = bookWith([first, NOW]);
    const later = NOW + CANOPY_SUMMARY_INTERVAL_MS;
    const before = book.all();
    expect(book.offer(json(first), TRUST, later)).toMatchObject({
      ok: false,
      error: { code: 'summary_replayed' },
    });
    const older = summary({ seq: 4 });
    expect(book.offer(json(older), TRUST, later)).toMatchObject({
      error: { code: 'summary_replayed' },
    });
    expect(book.all()).toEqual(before);
  });

  it('summaries faster than CANOPY_SUMMARY_MIN_GAP_MS: summary_rate_exceeded', () => {
    const book = bookWith([summary({ seq: 1 }), NOW]);
    const flood = summary({ seq: 2 });
    expect(book.offer(json(flood), TRUST, NOW + CANOPY_SUMMARY_MIN_GAP_MS - 1)).toMatchObject({
      error: { code: 'summary_rate_exceeded' },
    });
    expect(book.newest(CHENNAI.key.did)?.seq).toBe(1);
    // At the gap it is taken.
    expect(book.offer(json(flood), TRUST, NOW + CANOPY_SUMMARY_MIN_GAP_MS).ok).toBe(true);
  });

  it('a forged summary leaves the book unchanged', () => {
    const book = bookWith([summary({ seq: 1 }), NOW]);
    const before = book.all();
    const forged = { ...summary({ seq: 2 }), warmAgents: ['tutor', 'voice'] };
    expect(book.offer(json(forged), TRUST, NOW + 5000)).toMatchObject({
      error: { code: 'summary_signature_invalid' },
    });
    const claim = summary({ seq: 3, colony: 'mumbai' });
    expect(book.offer(json(claim), TRUST, NOW + 5000)).toMatchObject({
      error: { code: 'summary_colony_not_owned' },
    });
    expect(book.all()).toEqual(before);
  });

  it('is bounded: a new coordinator is refused when full of fresh ones, stale ones make room', () => {
    const book = new SummaryBook({ capacity: 2 });
    const open = trust();
    const of = (seed: number, atMs: number) =>
      json(summary({ federation: 'devnet', colony: `c${seed}`, issuedAtMs: atMs }, signerOf(seed)));
    expect(book.offer(of(1, NOW), open, NOW).ok).toBe(true);
    expect(book.offer(of(2, NOW), open, NOW).ok).toBe(true);
    expect(book.offer(of(3, NOW), open, NOW)).toMatchObject({
      error: { code: 'summary_book_full' },
    });
    expect(book.size).toBe(2);
    // Later, the first two are stale: the third gets in.
    const later = NOW + CANOPY_SUMMARY_MAX_AGE_MS + 1;
    expect(book.offer(of(3, later), open, later).ok).toBe(true);
    expect(book.size).toBe(1);
    expect(book.fresh(later)).toHaveLength(1);
  });
});

describe('PublishSchedule', () => {
  it('publishes at most once per interval with increasing seqs of at least the time', () => {
    const schedule = new PublishSchedule();
    const first = schedule.publish(NOW);
    expect(first).toBe(NOW);
    expect(schedule.due(NOW + CANOPY_SUMMARY_INTERVAL_MS - 1)).toBe(false);
    expect(schedule.publish(NOW + CANOPY_SUMMARY_INTERVAL_MS - 1)).toBeUndefined();
    const second = schedule.publish(NOW + CANOPY_SUMMARY_INTERVAL_MS);
    expect(second).toBe(NOW + CANOPY_SUMMARY_INTERVAL_MS);
  });

  it('keeps seqs increasing when the clock steps back', () => {
    const schedule = new PublishSchedule(100);
    const first = schedule.publish(NOW)!;
    // Due again only after the interval by the same (stepped back) clock: wait it out.
    const second = schedule.publish(NOW + 100)!;
    const restarted = new PublishSchedule(100);
    // A restarted coordinator issues seqs from its clock, above what it issued before.
    expect(restarted.publish(NOW + 200)!).toBeGreaterThan(second);
    expect(second).toBeGreaterThan(first);
  });

  it('a receiver takes every summary of an honest publisher', () => {
    const book = new SummaryBook();
    const schedule = new PublishSchedule();
    for (let tick = 0; tick < 20; tick++) {
      const atMs = NOW + tick * 500;
      const seq = schedule.publish(atMs);
      if (seq === undefined) continue;
      const sent = summary({ seq, issuedAtMs: atMs });
      expect(book.offer(json(sent), TRUST, atMs + 3).ok).toBe(true);
    }
    expect(book.newest(CHENNAI.key.did)?.issuedAtMs).toBe(NOW + 8_000);
  });
});
