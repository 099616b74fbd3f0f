import { describe, expect, it } from 'vitest';
import { type AllocationRoom, type AllocationStudent, allocate, naturalCompare } from './allocation.ts';
import type { Gender } from './vocabulary.ts';

function rooms(buildingId: string, gender: Gender | null, floors: number, perFloor: number, beds = 4): AllocationRoom[] {
  const out: AllocationRoom[] = [];
  for (let floor = 1; floor <= floors; floor++) {
    for (let n = 1; n <= perFloor; n++) {
      const id = `${buildingId}-${floor}${String(n).padStart(2, '0')}`;
      out.push({
        id,
        buildingId,
        floor,
        number: `${floor}${String(n).padStart(2, '0')}`,
        gender,
        freeBeds: Array.from({ length: beds }, (_, i) => ({ id: `${id}-${i + 1}`, label: String(i + 1) })),
        occupantCohorts: [],
      });
    }
  }
  return out;
}

let nextId = 1;
function students(cohort: string | null, gender: Gender, count: number): AllocationStudent[] {
  return Array.from({ length: count }, () => {
    const id = nextId++;
    return { id, personNo: `S${String(id).padStart(5, '0')}`, gender, cohort };
  });
}

/** A deterministic shuffle (LCG), so the test itself is reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const roomOf = (result: ReturnType<typeof allocate>, studentId: number) =>
  result.assignments.find((a) => a.studentId === studentId)?.roomId;

describe('DRM-1 allocation', () => {
  it('orders room numbers naturally', () => {
    expect(['10', '2', '1a', '1'].sort(naturalCompare)).toEqual(['1', '1a', '2', '10']);
  });

  it('DRM-1 is deterministic: the same input in any order gives the same beds', () => {
    const pool = [...rooms('B1', 'male', 2, 5), ...rooms('B2', 'female', 2, 5)];
    const people = [
      ...students('CS-1', 'male', 13),
      ...students('EE-2', 'male', 7),
      ...students('CS-1', 'female', 9),
      ...students(null, 'female', 3),
    ];
    const first = allocate(people, pool);
    for (const seed of [1, 7, 42]) {
      const again = allocate(shuffled(people, seed), shuffled(pool, seed + 1));
      expect(again).toEqual(first);
    }
  });

  it('DRM-1 never puts a student in a room of the other gender, nor in a room without a gender', () => {
    const pool = [...rooms('B1', 'male', 1, 3), ...rooms('B2', 'female', 1, 3), ...rooms('B3', null, 1, 3)];
    const people = [...students('A', 'male', 10), ...students('A', 'female', 10)];
    const result = allocate(people, pool);
    const gender = new Map(people.map((p) => [p.id, p.gender]));
    for (const a of result.assignments) {
      const room = pool.find((r) => r.id === a.roomId);
      expect(room?.gender).toBe(gender.get(a.studentId));
    }
    expect(result.assignments).toHaveLength(20);
  });

  it('DRM-1 respects capacity and reports who found no bed', () => {
    const pool = rooms('B1', 'female', 1, 2, 4); // 8 beds
    const people = students('A', 'female', 11);
    const result = allocate(people, pool);
    expect(result.assignments).toHaveLength(8);
    expect(new Set(result.assignments.map((a) => a.bedId)).size).toBe(8);
    expect(result.unplaced).toHaveLength(3);
    expect(result.unplaced.every((u) => u.reason === 'no_free_bed')).toBe(true);
  });

  it('DRM-1 keeps a class together: whole rooms per class, consecutive rooms on one floor', () => {
    const pool = rooms('B1', 'male', 3, 6); // 18 rooms, 72 beds
    const a = students('A', 'male', 10); // 3 rooms (4+4+2)
    const b = students('B', 'male', 16); // 4 rooms, larger: goes first
    const c = students('C', 'male', 3);
    const result = allocate([...a, ...b, ...c], pool);
    expect(result.unplaced).toEqual([]);
    const stats = Object.fromEntries(result.cohorts.map((s) => [s.cohort, s]));
    expect(stats.B).toMatchObject({ students: 16, placed: 16, rooms: 4, floors: 1, sharedRooms: 0 });
    expect(stats.A).toMatchObject({ placed: 10, rooms: 3, sharedRooms: 0 });
    expect(stats.C).toMatchObject({ placed: 3, rooms: 1, sharedRooms: 0 });
    // B (largest) takes the first four rooms of floor 1.
    expect(b.map((s) => roomOf(result, s.id))).toEqual([
      ...Array(4).fill('B1-101'),
      ...Array(4).fill('B1-102'),
      ...Array(4).fill('B1-103'),
      ...Array(4).fill('B1-104'),
    ]);
    // Roommates are consecutive student numbers.
    expect(a.slice(0, 4).map((s) => roomOf(result, s.id))).toEqual(Array(4).fill(roomOf(result, a[0]?.id ?? 0)));
  });

  it('DRM-1 tops up rooms that already hold only the same class before opening new ones', () => {
    const pool = rooms('B1', 'female', 1, 4);
    const first = pool[0];
    if (!first) throw new Error('no room');
    pool[0] = { ...first, freeBeds: first.freeBeds.slice(2), occupantCohorts: ['A', 'A'] };
    const result = allocate(students('A', 'female', 2), pool);
    expect(result.assignments.map((x) => x.roomId)).toEqual(['B1-101', 'B1-101']);
  });

  it('DRM-1 shares rooms between classes only when empty rooms run out, preferring the class’s own room and floor', () => {
    const pool = rooms('B1', 'male', 2, 2); // floor 1: 101, 102; floor 2: 201, 202 → 16 beds
    const a = students('A', 'male', 6); // 101 (4) + 102 (2)
    const b = students('B', 'male', 5); // 201 (4) + 202 (1)
    const c = students('C', 'male', 4); // no empty room left: overflow
    const result = allocate([...a, ...b, ...c], pool);
    expect(result.unplaced).toEqual([]);
    expect(result.assignments).toHaveLength(15);
    const cRooms = c.map((s) => roomOf(result, s.id));
    // First free bed in room order: 102 has 2 free, then 202 has 3.
    expect(cRooms).toEqual(['B1-102', 'B1-102', 'B1-202', 'B1-202']);
    expect(result.cohorts.find((s) => s.cohort === 'C')?.sharedRooms).toBe(2);
  });

  it('DRM-1 allocates 3,000 students into 750 rooms quickly', () => {
    const pool = [
      ...rooms('B1', 'male', 6, 60),
      ...rooms('B2', 'female', 6, 60),
      ...rooms('B3', 'male', 1, 30),
      ...rooms('B4', 'female', 1, 30),
    ];
    const people: AllocationStudent[] = [];
    for (let k = 0; k < 60; k++) people.push(...students(`C${k}`, k % 2 === 0 ? 'male' : 'female', 25 + (k % 20)));
    const started = performance.now();
    const result = allocate(people, pool);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.assignments.length + result.unplaced.length).toBe(people.length);
  });
});
