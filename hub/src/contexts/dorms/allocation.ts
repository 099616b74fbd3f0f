import type { Gender } from './vocabulary.ts';

/**
 * Batch room allocation of new students before arrival (DRM-1, regulation §6(一)1).
 *
 * A pure function: the same students and rooms give the same beds, whatever order they come in
 * (both are sorted first), so a dry run shows exactly what the real run will do.
 *
 * The algorithm, per gender (rooms are gender-separated by building or by floor, and the two
 * genders never share a room, so each is solved on its own):
 *
 * 1. Rooms are ordered building → floor → room number (numbers compared naturally: 2 < 10),
 *    beds by label. Students are grouped by class (cohort); classes are taken largest first
 *    (ties by name), and within a class by student number. Students without a class come last.
 * 2. Whole rooms per class. For each class in turn:
 *    a. first the free beds of rooms whose current occupants are all of this class (a class
 *       allocated earlier, or returning students, is topped up rather than split);
 *    b. then empty rooms, one after another, each filled with as many of the class as it holds.
 *       The next empty room is the first one on the floor of the class's previous room, or
 *       else the first empty room in order: rooms are in floor order, so a class fills whole
 *       rooms, then whole floors. The last room of a class may stay part-empty.
 * 3. Overflow. Students who found no empty room (empty rooms ran out) take the remaining free
 *    beds, best room first: a room already holding their class, then a room on a floor holding
 *    their class, then the first room in order. Only here do classes share a room.
 * 4. Whoever is left (no free bed of their gender) is reported as unplaced.
 *
 * Every free bed can be taken in step 3, so the number placed is the most possible:
 * min(students, free beds) for each gender. Classes share rooms only when beds run short.
 */

export interface AllocationStudent {
  id: number;
  personNo: string;
  gender: Gender;
  cohort: string | null;
}

export interface AllocationRoom {
  id: string;
  buildingId: string;
  floor: number;
  number: string;
  /** The gender the room is for (its floor's or its building's); null: not allocatable. */
  gender: Gender | null;
  /** Free beds (id and label). */
  freeBeds: ReadonlyArray<{ id: string; label: string }>;
  /** Classes of the people already in the room (allocated or checked in). */
  occupantCohorts: ReadonlyArray<string | null>;
}

export interface Assignment {
  studentId: number;
  bedId: string;
  roomId: string;
}

export interface AllocationResult {
  assignments: Assignment[];
  unplaced: Array<{ studentId: number; reason: 'no_free_bed' }>;
  /** Per class: how many were placed, in how many rooms and on how many floors, and how many rooms it shares. */
  cohorts: Array<{ cohort: string | null; students: number; placed: number; rooms: number; floors: number; sharedRooms: number }>;
}

/** Natural order of labels: digit runs compare as numbers ("2" < "10"), the rest by code point. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface RoomState {
  room: AllocationRoom;
  floorKey: string;
  free: Array<{ id: string; label: string }>;
  cohorts: Set<string | null>;
  empty: boolean;
}

/** @returns beds for as many students as fit, deterministic in its inputs (see the module comment). */
export function allocate(students: readonly AllocationStudent[], rooms: readonly AllocationRoom[]): AllocationResult {
  const orderedRooms = [...rooms].sort(
    (a, b) =>
      byCodePoint(a.buildingId, b.buildingId) ||
      a.floor - b.floor ||
      naturalCompare(a.number, b.number) ||
      byCodePoint(a.id, b.id),
  );
  const assignments: Assignment[] = [];
  const unplaced: AllocationResult['unplaced'] = [];
  const cohortStats = new Map<string | null, { students: number; placed: number; rooms: Set<string>; floors: Set<string> }>();
  const roomCohorts = new Map<string, Set<string | null>>();

  for (const gender of ['female', 'male'] as const) {
    const states: RoomState[] = orderedRooms
      .filter((room) => room.gender === gender && room.freeBeds.length > 0)
      .map((room) => ({
        room,
        floorKey: `${room.buildingId}\u0000${room.floor}`,
        free: [...room.freeBeds].sort((a, b) => naturalCompare(a.label, b.label) || byCodePoint(a.id, b.id)),
        cohorts: new Set(room.occupantCohorts),
        empty: room.occupantCohorts.length === 0,
      }));
    for (const state of states) roomCohorts.set(state.room.id, state.cohorts);
    const floorCohorts = new Map<string, Set<string | null>>();
    for (const state of states) {
      const set = floorCohorts.get(state.floorKey) ?? new Set();
      for (const cohort of state.cohorts) set.add(cohort);
      floorCohorts.set(state.floorKey, set);
    }

    const groups = new Map<string | null, AllocationStudent[]>();
    for (const student of students) {
      if (student.gender !== gender) continue;
      const list = groups.get(student.cohort) ?? [];
      list.push(student);
      groups.set(student.cohort, list);
    }
    const classes = [...groups.entries()]
      .map(([cohort, list]) => ({
        cohort,
        list: list.sort((a, b) => byCodePoint(a.personNo, b.personNo) || a.id - b.id),
      }))
      .sort(
        (a, b) =>
          (a.cohort === null ? 1 : 0) - (b.cohort === null ? 1 : 0) ||
          b.list.length - a.list.length ||
          byCodePoint(a.cohort ?? '', b.cohort ?? ''),
      );

    const place = (student: AllocationStudent, state: RoomState) => {
      const bed = state.free.shift();
      if (!bed) throw new Error('allocation placed a student in a full room');
      assignments.push({ studentId: student.id, bedId: bed.id, roomId: state.room.id });
      state.cohorts.add(student.cohort);
      state.empty = false;
      floorCohorts.get(state.floorKey)?.add(student.cohort);
      const stats = cohortStats.get(student.cohort) ?? { students: 0, placed: 0, rooms: new Set(), floors: new Set() };
      stats.placed += 1;
      stats.rooms.add(state.room.id);
      stats.floors.add(state.floorKey);
      cohortStats.set(student.cohort, stats);
    };

    const overflow: AllocationStudent[] = [];
    for (const { cohort, list } of classes) {
      const stats = cohortStats.get(cohort) ?? { students: 0, placed: 0, rooms: new Set<string>(), floors: new Set<string>() };
      stats.students += list.length;
      cohortStats.set(cohort, stats);
      const queue = [...list];
      const fill = (state: RoomState) => {
        while (state.free.length > 0) {
          const student = queue.shift();
          if (!student) return;
          place(student, state);
        }
      };
      // 2a: top up rooms that hold only this class.
      if (cohort !== null) {
        for (const state of states) {
          if (queue.length === 0) break;
          if (state.empty || state.free.length === 0 || state.cohorts.size !== 1 || !state.cohorts.has(cohort)) continue;
          fill(state);
        }
      }
      // 2b: whole empty rooms, staying on the class's floor while it has empty rooms.
      let floorKey: string | undefined;
      while (queue.length > 0) {
        const next =
          (floorKey === undefined ? undefined : states.find((s) => s.empty && s.floorKey === floorKey)) ??
          states.find((s) => s.empty);
        if (!next) break;
        fill(next);
        floorKey = next.floorKey;
      }
      overflow.push(...queue);
    }

    // 3: the rest take the best remaining free bed.
    for (const student of overflow) {
      let best: RoomState | undefined;
      let bestScore = -1;
      for (const state of states) {
        if (state.free.length === 0) continue;
        const score = state.cohorts.has(student.cohort) ? 2 : floorCohorts.get(state.floorKey)?.has(student.cohort) ? 1 : 0;
        if (score > bestScore) {
          best = state;
          bestScore = score;
          if (score === 2) break;
        }
      }
      if (best) place(student, best);
      else unplaced.push({ studentId: student.id, reason: 'no_free_bed' });
    }
  }

  const cohorts = [...cohortStats.entries()]
    .map(([cohort, stats]) => ({
      cohort,
      students: stats.students,
      placed: stats.placed,
      rooms: stats.rooms.size,
      floors: stats.floors.size,
      sharedRooms: [...stats.rooms].filter((id) => (roomCohorts.get(id)?.size ?? 0) > 1).length,
    }))
    .sort((a, b) => byCodePoint(a.cohort ?? '\uffff', b.cohort ?? '\uffff'));
  return { assignments, unplaced: unplaced.sort((a, b) => a.studentId - b.studentId), cohorts };
}
