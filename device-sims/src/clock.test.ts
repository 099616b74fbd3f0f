import { describe, expect, it } from 'vitest';
import { ManualClock, WallClock } from './clock.ts';

describe('simulated clocks', () => {
  it('WallClock runs at its speed until it reaches the wall clock, then follows it', () => {
    let wall = 1_000_000;
    const clock = new WallClock({ start: wall - 60_000, speed: 11, wallNow: () => wall });
    expect(clock.now()).toBe(wall - 60_000);
    expect(clock.isLive()).toBe(false);
    wall += 1000;
    expect(clock.now()).toBe(wall - 60_000 + 11_000 - 1000);
    wall += 5000;
    // 6 s real × 11 = 66 s simulated: caught up, capped at the wall clock.
    expect(clock.now()).toBe(wall);
    expect(clock.isLive()).toBe(true);
  });

  it('WallClock never starts in the future (devices must not stamp ahead of the gateway)', () => {
    const clock = new WallClock({ start: Date.now() + 3_600_000, speed: 1 });
    expect(clock.now()).toBeLessThanOrEqual(Date.now());
    expect(() => new WallClock({ start: 0, speed: 0.5 })).toThrow(/speed/);
  });

  it('WallClock at maximum speed jumps as fast as the run sleeps, up to the wall clock', async () => {
    const start = Date.now() - 3_600_000;
    const clock = new WallClock({ start, speed: Number.POSITIVE_INFINITY });
    expect(clock.now()).toBe(start);
    await clock.sleepUntil(start + 1_800_000);
    expect(clock.now()).toBe(start + 1_800_000);
  });

  it('ManualClock moves only when told, and wakes sleepers', async () => {
    const clock = new ManualClock(100);
    let woke = false;
    const sleeping = clock.sleepUntil(500).then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(400);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(500);
    expect(() => clock.set(10)).toThrow(/backwards/);
    const auto = new ManualClock(0, { auto: true });
    await auto.sleepUntil(60_000);
    expect(auto.now()).toBe(60_000);
  });
});
