import type { Actor } from '../../actor.ts';
import { recordAudit } from '../audit/repository.ts';
import * as access from './access-repository.ts';
import { type AllocationStudent, allocate } from './allocation.ts';
import { DEFAULT_FACILITIES, parseFacilities } from './facilities.ts';
import * as reg from './register-repository.ts';
import { roomIdOf } from './register-service.ts';
import * as repo from './resident-repository.ts';
import type { DormService } from './service.ts';
import type { Gender } from './vocabulary.ts';

/**
 * Demo dormitories: four gender-separated buildings (1号楼..4号楼) of 6 floors × 30 rooms × 4
 * beds, about 2,600 students in classes of 25-40 placed by the real allocation algorithm, their
 * campus cards, facility registers, the demo gates (gate-01/02 → 1号楼, gate-03 → 2号楼,
 * gate-04 → 3号楼) and a weekly inspection plan. Deterministic for a given `rng`; bulk inserts,
 * so it seeds in seconds. Does nothing when building B1 exists.
 *
 * Checked-in residents hold cards `card-0`, `card-1`, … in the order of their student numbers:
 * the device simulators' load mode swipes `card-<n % 5000>`, so most of its swipes belong to a
 * resident and the rest exercise unknown cards.
 */

export const DEMO_BUILDINGS = [
  { id: 'B1', name: '1号楼', nameEn: 'Building 1', gender: 'male' },
  { id: 'B2', name: '2号楼', nameEn: 'Building 2', gender: 'female' },
  { id: 'B3', name: '3号楼', nameEn: 'Building 3', gender: 'male' },
  { id: 'B4', name: '4号楼', nameEn: 'Building 4', gender: 'female' },
] as const;
export const DEMO_GATES = [
  { deviceId: 'gate-01', buildingId: 'B1' },
  { deviceId: 'gate-02', buildingId: 'B1' },
  { deviceId: 'gate-03', buildingId: 'B2' },
  { deviceId: 'gate-04', buildingId: 'B3' },
] as const;
export const DEMO_CARD_PREFIX = 'card-';

const FLOORS = 6;
const ROOMS_PER_FLOOR = 30;
const BEDS = 4;
/** Students per gender: 90% of the 1,440 beds each gender has. */
const STUDENTS_PER_GENDER = 1_300;
const YEARS = [2022, 2023, 2024, 2025] as const;
const MAJORS = ['计算机', '软件工程', '电子信息', '机械', '土木', '会计', '英语', '数学', '化学', '法学'];
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强丛华车冉房边',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏飞斌浩宇欣怡佳琪子轩梓涵雨萱思远博文俊杰晨曦嘉怡一诺',
];

export interface DemoSummary {
  seeded: boolean;
  buildings: number;
  rooms: number;
  beds: number;
  residents: number;
  cards: number;
  gates: number;
}

const pick = <T>(rng: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

export interface DemoPlan {
  rooms: reg.NewRoom[];
  residents: Array<repo.NewResident & { status: 'pending' | 'allocated' | 'checked_in'; bedId: string | null }>;
  /** Card ids by index into `residents` (checked-in residents only). */
  cards: Array<{ cardId: string; residentIndex: number }>;
}

/** The whole demo campus as data, from the generator alone: the same sequence, the same campus. */
export function planDormsDemo(rng: () => number): DemoPlan {
  const bedLabels = Array.from({ length: BEDS }, (_, i) => String(i + 1));
  const facilities = parseFacilities(DEFAULT_FACILITIES, bedLabels);
  if (!facilities.ok) throw new Error(facilities.reason);
  const rooms: reg.NewRoom[] = [];
  for (const b of DEMO_BUILDINGS)
    for (let floor = 1; floor <= FLOORS; floor++)
      for (let n = 1; n <= ROOMS_PER_FLOOR; n++) {
        const number = `${floor}${String(n).padStart(2, '0')}`;
        rooms.push({ id: roomIdOf(b.id, number), buildingId: b.id, floor, number, bedLabels, facilities: facilities.items });
      }

  // Students in classes; the newest intake is partly still awaiting allocation or arrival.
  const students: Array<repo.NewResident & { year: number }> = [];
  const seq = new Map<number, number>();
  for (const gender of ['male', 'female'] as const satisfies readonly Gender[]) {
    let made = 0;
    let classNo = 0;
    while (made < STUDENTS_PER_GENDER) {
      const year = YEARS[classNo % YEARS.length] ?? 2025;
      const major = pick(rng, MAJORS);
      const cohort = `${year}级${major}${Math.floor(classNo / YEARS.length) + 1}班${gender === 'male' ? '' : '(女)'}`;
      const size = Math.min(25 + Math.floor(rng() * 16), STUDENTS_PER_GENDER - made);
      for (let i = 0; i < size; i++) {
        const next = (seq.get(year) ?? 0) + 1;
        seq.set(year, next);
        students.push({
          year,
          personNo: `${year}${String(next).padStart(5, '0')}`,
          kind: 'student',
          name: pick(rng, SURNAMES) + pick(rng, GIVEN) + (rng() < 0.6 ? pick(rng, GIVEN) : ''),
          gender,
          cohort,
          phone: `1${3 + Math.floor(rng() * 7)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
          idLast4: String(Math.floor(rng() * 10_000)).padStart(4, '0'),
          userId: null,
        });
      }
      made += size;
      classNo += 1;
    }
  }
  const newcomer = students.map((s) => s.year === 2025 && rng() < 0.3);
  const pool: AllocationStudent[] = students.flatMap((s, index) =>
    newcomer[index] && rng() < 0.5 ? [] : [{ id: index, personNo: s.personNo, gender: s.gender, cohort: s.cohort }],
  );
  const genderOf = new Map<string, Gender>(DEMO_BUILDINGS.map((b) => [b.id, b.gender]));
  const placed = allocate(
    pool,
    rooms.map((r) => ({
      id: r.id,
      buildingId: r.buildingId,
      floor: r.floor,
      number: r.number,
      gender: genderOf.get(r.buildingId) ?? null,
      freeBeds: r.bedLabels.map((label) => ({ id: `${r.id}-${label}`, label })),
      occupantCohorts: [],
    })),
  );
  const bedOf = new Map(placed.assignments.map((a) => [a.studentId, a.bedId]));
  const residents: DemoPlan['residents'] = students.map(({ year: _year, ...s }, index) => {
    const bedId = bedOf.get(index) ?? null;
    return { ...s, status: bedId === null ? 'pending' : newcomer[index] ? 'allocated' : 'checked_in', bedId };
  });
  const cards: DemoPlan['cards'] = [];
  residents.forEach((r, residentIndex) => {
    if (r.status === 'checked_in') cards.push({ cardId: `${DEMO_CARD_PREFIX}${cards.length}`, residentIndex });
  });
  return { rooms, residents, cards };
}

/**
 * Seeds the demo dormitories through the dorm service's transaction.
 * @param rng a seeded generator in [0, 1): the same sequence gives the same campus.
 */
export async function seedDormsDemo(services: { dorms: DormService }, actor: Actor, rng: () => number): Promise<DemoSummary> {
  const { dorms } = services;
  return dorms.transaction(async (tx) => {
    if (await reg.findBuilding(tx, 'B1'))
      return { seeded: false, buildings: 0, rooms: 0, beds: 0, residents: 0, cards: 0, gates: 0 };
    const plan = planDormsDemo(rng);
    for (const b of DEMO_BUILDINGS) {
      await dorms.register.saveBuilding(
        actor,
        b.id,
        { name: b.name, nameEn: b.nameEn, gender: b.gender, floors: FLOORS },
        {},
        tx,
      );
    }
    await reg.insertRooms(tx, plan.rooms);
    const ids = await repo.insertResidents(tx, plan.residents);
    const cards = plan.cards.flatMap((c) => {
      const residentId = ids[c.residentIndex];
      return residentId === undefined ? [] : [{ cardId: c.cardId, residentId, validFrom: null, validTo: null }];
    });
    await access.insertCards(tx, cards);
    await access.upsertGates(tx, DEMO_GATES);
    await dorms.inspections.createPlan(
      actor,
      {
        name: 'Weekly facility round / 每周设施巡检',
        buildingId: null,
        everyDays: 7,
        checklist: [
          'Doors and locks / 门锁',
          'Windows / 门窗',
          'Lighting / 照明',
          'Water and drains / 水路',
          'Fire equipment / 消防器材',
        ],
        startsOn: new Date().toISOString().slice(0, 10),
      },
      {},
      tx,
    );
    const summary: DemoSummary = {
      seeded: true,
      buildings: DEMO_BUILDINGS.length,
      rooms: plan.rooms.length,
      beds: plan.rooms.length * BEDS,
      residents: plan.residents.length,
      cards: cards.length,
      gates: DEMO_GATES.length,
    };
    await recordAudit(tx, actor, { action: 'dorms.demo_seeded', entityType: 'dorms', entityId: 'demo', after: summary });
    return summary;
  });
}
