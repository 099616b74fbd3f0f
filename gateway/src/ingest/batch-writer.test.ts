import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.ts';
import type { StoreResult } from './event-repository.ts';
import type { IngestEvent, IngestRecord } from './records.ts';
import { Spool } from './spool.ts';
import { testSwipe } from './test-swipe.ts';

/**
 * The writer's ordering when batches overlap. The interleavings below (a later batch finishing
 * its statements first, the database failing under one batch and not the next) cannot be forced
 * on a real server, so `store` here is a stand-in that records what a database would have seen;
 * the real database path is covered by gateway/test (ingest, outage, restart).
 */

const swipe = testSwipe;
const ids = (records: readonly IngestRecord[]) => records.map((r) => (r.kind === 'dead_letter' ? 'dead' : r.eventId));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unavailable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

interface StandIn {
  /** Event ids in the order their transactions committed. */
  committed: string[];
  /** Event ids in the order `onStored` announced them (the rules' feed). */
  announced: string[];
  spooled: string[];
  writer: BatchWriter;
}

function standIn(
  spool: Spool,
  statementMs: (batch: number) => number,
  fails: (batch: number) => Error | undefined,
  maxBatch = 3,
): StandIn {
  const committed: string[] = [];
  const announced: string[] = [];
  const spooled: string[] = [];
  let batches = 0;
  const writer = new BatchWriter({
    async store(records, beforeCommit) {
      const batch = batches++;
      await sleep(statementMs(batch));
      const failure = fails(batch);
      if (failure) throw failure;
      await beforeCommit?.();
      committed.push(...ids(records));
      return { stored: records.filter((r): r is IngestEvent => r.kind !== 'dead_letter'), duplicates: 0, deadLetters: 0 };
    },
    spool,
    maxBatch,
    lingerMs: 0,
    maxInFlight: 2,
    retryMs: 20,
    log: pino({ level: 'silent' }),
    onStored: (result: StoreResult) => announced.push(...ids(result.stored)),
    onSpooled: () => undefined,
  });
  const append = spool.append.bind(spool);
  spool.append = async (records) => {
    spooled.push(...ids(records));
    await append(records);
  };
  return { committed, announced, spooled, writer };
}

describe('BatchWriter with two batches in flight', () => {
  let dir: string;
  let spool: Spool;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'writer-test-'));
    spool = new Spool(dir, 10_000_000);
    await spool.open();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('overlaps transactions but commits and announces batches in receive order', async () => {
    // The first batch's statements take longest: the second must still wait for it to commit.
    const { committed, announced, writer } = standIn(
      spool,
      (batch) => (batch === 0 ? 60 : 5),
      () => undefined,
    );
    await writer.start();
    const acks = Array.from({ length: 9 }, (_, n) => writer.submit(swipe(n)));
    await Promise.all(acks);
    await writer.stop();
    const expected = Array.from({ length: 9 }, (_, n) => `e${n}`);
    expect(committed).toEqual(expected);
    expect(announced).toEqual(expected);
  });

  it('spools a batch behind the one before it when the database fails under that one only', async () => {
    // Batch 0 meets a dead connection after 40 ms; batch 1's statements succeed sooner. Batch 1
    // must roll back and follow batch 0 into the spool, and the replay must keep that order.
    let replaying = false;
    const failing = new Set([0]);
    const { committed, announced, spooled, writer } = standIn(
      spool,
      (batch) => (batch === 0 ? 40 : 5),
      (batch) => (failing.has(batch) && !replaying ? unavailable() : undefined),
    );
    await writer.start();
    const acks = Array.from({ length: 6 }, (_, n) => writer.submit(swipe(n)));
    await Promise.all(acks);
    expect(spooled).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    replaying = true;
    await writer.stop();
    await writer.start();
    for (let i = 0; i < 100 && !spool.isEmpty; i += 1) await sleep(20);
    await writer.stop();
    expect(spool.isEmpty).toBe(true);
    expect(committed).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(announced).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('holds later batches, unacknowledged, behind one neither the database nor the spool took', async () => {
    // The database is down and the spool's disk is full: nothing may be acknowledged or overtake.
    let databaseDown = true;
    let diskFull = true;
    const { committed, spooled, writer } = standIn(
      spool,
      (batch) => (batch === 0 ? 30 : 5),
      () => (databaseDown ? unavailable() : undefined),
    );
    const append = spool.append.bind(spool);
    spool.append = async (records) => {
      if (diskFull) throw new Error('ENOSPC: no space left on device');
      await append(records);
    };
    await writer.start();
    let acknowledged = 0;
    const acks = Array.from({ length: 6 }, (_, n) => writer.submit(swipe(n)).then(() => (acknowledged += 1)));
    await sleep(150);
    expect(acknowledged).toBe(0);
    // Disk space again: the held batches go to the spool in their order and are acknowledged.
    diskFull = false;
    await Promise.all(acks);
    expect(spooled.filter((id, index) => spooled.indexOf(id) === index)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    // The database again: the replay stores them in that order.
    databaseDown = false;
    for (let i = 0; i < 100 && !spool.isEmpty; i += 1) await sleep(20);
    await writer.stop();
    expect(committed).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
  });
});
