import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestRecord } from './records.ts';
import { Spool, SpoolFullError } from './spool.ts';
import { testSwipe } from './test-swipe.ts';

const swipe = testSwipe;

describe('Spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns batches oldest first with dates and bytes intact, across a reopen', async () => {
    const spool = new Spool(dir, 10_000_000);
    await spool.open();
    const dead: IngestRecord = {
      kind: 'dead_letter',
      receivedAt: new Date(5),
      deviceId: null,
      topic: 't',
      reason: 'malformed_json',
      detail: 'd',
      payload: Buffer.from([0, 255, 1]),
    };
    await spool.append([swipe(1), swipe(2)]);
    await spool.append([dead]);
    expect(spool.depth.rows).toBe(3);

    const reopened = new Spool(dir, 10_000_000);
    await reopened.open();
    expect(reopened.depth).toMatchObject({ batches: 2, rows: 3 });
    expect(await reopened.peekOldest()).toEqual([swipe(1), swipe(2)]);
    await reopened.removeOldest();
    expect(await reopened.peekOldest()).toEqual([dead]);
    await reopened.removeOldest();
    expect(reopened.isEmpty).toBe(true);
    expect(reopened.depth).toEqual({ batches: 0, rows: 0, bytes: 0 });
  });

  it('continues the sequence after a reopen so order survives restarts', async () => {
    const first = new Spool(dir, 10_000_000);
    await first.open();
    await first.append([swipe(1)]);
    const second = new Spool(dir, 10_000_000);
    await second.open();
    await second.append([swipe(2)]);
    expect(await second.peekOldest()).toEqual([swipe(1)]);
  });

  it('refuses a batch beyond its bound and writes nothing', async () => {
    const spool = new Spool(dir, 400);
    await spool.open();
    await spool.append([swipe(1)]);
    await expect(spool.append([swipe(2), swipe(3), swipe(4)])).rejects.toBeInstanceOf(SpoolFullError);
    expect(spool.depth.batches).toBe(1);
    expect((await readdir(dir)).length).toBe(1);
  });

  it('ignores a half-written temporary file left by a crash', async () => {
    await writeFile(join(dir, '0000000000000009-5.batch.tmp'), '[{"kind":');
    const spool = new Spool(dir, 10_000_000);
    await spool.open();
    expect(spool.isEmpty).toBe(true);
  });
});
