import type { Gateway, Logger } from '@campus/gateway';
import { ROLES, type Role } from '@campus/protocol';
import type { Db } from '@campus/storage';
import { systemActor } from '../actor.ts';
import { seedCalendarDemo } from '../contexts/calendar/demo.ts';
import { seedCateringDemo } from '../contexts/catering/demo.ts';
import { seedDormsDemo } from '../contexts/dorms/demo.ts';
import { seedProcurementDemo } from '../contexts/procurement/demo.ts';
import { seedTrainingDemo } from '../contexts/training/demo.ts';
import type { HubServices } from '../services.ts';
import { seededRandom } from './rng.ts';

/** Every demo account signs in with this password (documented in README; demo only). */
export const DEMO_PASSWORD = 'campus-demo-2026';
const SEED = 20_261_124;

const DEPARTMENTS = [
  { id: 'logistics-office', name: 'Logistics office', name_zh: '后勤处' },
  { id: 'asset-office', name: 'Asset office', name_zh: '资产管理科' },
  { id: 'finance', name: 'Finance office', name_zh: '财务处' },
  { id: 'security', name: 'Security office', name_zh: '保卫处' },
  { id: 'canteen', name: 'Catering centre', name_zh: '饮食服务中心' },
  { id: 'dorm-office', name: 'Student housing office', name_zh: '学生公寓管理中心' },
  { id: 'maintenance', name: 'Maintenance centre', name_zh: '维修中心' },
  { id: 'procurement', name: 'Procurement office', name_zh: '采购中心' },
  { id: 'chemistry', name: 'School of Chemistry', name_zh: '化学学院' },
  { id: 'physics', name: 'School of Physics', name_zh: '物理学院' },
];

const DEPARTMENT_OF_ROLE: Record<Role, string> = {
  admin: 'logistics-office',
  logistics_manager: 'logistics-office',
  asset_clerk: 'asset-office',
  finance: 'finance',
  maintenance_planner: 'maintenance',
  technician: 'maintenance',
  security_officer: 'security',
  canteen_manager: 'canteen',
  dorm_manager: 'dorm-office',
  procurement_officer: 'procurement',
  trainer: 'logistics-office',
  data_reviewer: 'logistics-office',
  department_head: 'chemistry',
  requester: 'chemistry',
};

/** Equipment the simulators report on (device-sims/src/equipment/assets.ts), with the demo sensors. */
const EQUIPMENT = [
  { id: 'chiller-1', name: 'Chiller 1 / 1号冷水机组', category: 'HVAC-CH', sensor: 'sensor-01', amount: 860_000 },
  { id: 'pump-1', name: 'Chilled water pump 1 / 1号冷冻水泵', category: 'HVAC-PU', sensor: 'sensor-02', amount: 48_000 },
  { id: 'boiler-1', name: 'Boiler 1 / 1号锅炉', category: 'HVAC-BO', sensor: 'sensor-03', amount: 420_000 },
  { id: 'chiller-2', name: 'Chiller 2 / 2号冷水机组', category: 'HVAC-CH', sensor: null, amount: 860_000 },
  { id: 'pump-2', name: 'Chilled water pump 2 / 2号冷冻水泵', category: 'HVAC-PU', sensor: null, amount: 48_000 },
  { id: 'boiler-2', name: 'Boiler 2 / 2号锅炉', category: 'HVAC-BO', sensor: null, amount: 420_000 },
  { id: 'ahu-1', name: 'Library AHU 1 / 图书馆1号空调机组', category: 'HVAC-AH', sensor: null, amount: 150_000 },
  { id: 'ahu-2', name: 'Teaching building AHU 2 / 教学楼2号空调机组', category: 'HVAC-AH', sensor: null, amount: 150_000 },
  { id: 'elevator-1', name: 'Library elevator 1 / 图书馆1号电梯', category: 'ELEV', sensor: null, amount: 380_000 },
  { id: 'elevator-2', name: 'Teaching building elevator 2 / 教学楼2号电梯', category: 'ELEV', sensor: null, amount: 380_000 },
];

const CATEGORIES = [
  {
    code: 'EQ',
    name: 'Equipment',
    nameZh: '设备',
    usefulLifeMonths: 120,
    depreciationMethod: 'straight_line' as const,
    residualRate: 0.05,
  },
  { code: 'HVAC', name: 'Heating, ventilation and cooling', nameZh: '暖通空调', parentCode: 'EQ', usefulLifeMonths: 180 },
  { code: 'HVAC-CH', name: 'Chillers', nameZh: '冷水机组', parentCode: 'HVAC', usefulLifeMonths: 240 },
  { code: 'HVAC-PU', name: 'Pumps', nameZh: '水泵', parentCode: 'HVAC', usefulLifeMonths: 120 },
  { code: 'HVAC-BO', name: 'Boilers', nameZh: '锅炉', parentCode: 'HVAC', usefulLifeMonths: 180 },
  { code: 'HVAC-AH', name: 'Air handling units', nameZh: '空调机组', parentCode: 'HVAC', usefulLifeMonths: 180 },
  { code: 'ELEV', name: 'Elevators', nameZh: '电梯', parentCode: 'EQ', usefulLifeMonths: 240 },
  {
    code: 'FURN',
    name: 'Furniture',
    nameZh: '家具',
    usefulLifeMonths: 96,
    depreciationMethod: 'straight_line' as const,
    residualRate: 0.05,
  },
  {
    code: 'IT',
    name: 'Computers and networks',
    nameZh: '计算机及网络设备',
    usefulLifeMonths: 60,
    depreciationMethod: 'double_declining' as const,
    residualRate: 0.05,
  },
  {
    code: 'LAB',
    name: 'Laboratory instruments',
    nameZh: '实验仪器',
    usefulLifeMonths: 96,
    depreciationMethod: 'sum_of_years' as const,
    residualRate: 0.05,
  },
];

const EVERYDAY = [
  { category: 'FURN', name: 'Classroom desk / 课桌', amount: 680 },
  { category: 'FURN', name: 'Office chair / 办公椅', amount: 420 },
  { category: 'IT', name: 'Desktop computer / 台式计算机', amount: 5200 },
  { category: 'IT', name: 'Network switch / 网络交换机', amount: 3800 },
  { category: 'LAB', name: 'Spectrophotometer / 分光光度计', amount: 46_000 },
  { category: 'LAB', name: 'Fume hood / 通风橱', amount: 28_000 },
];

export interface DemoCampusSummary {
  seeded: boolean;
  users: number;
  assets: number;
}

/**
 * A realistic, deterministic demo campus for a newcomer (issues [2 of 7] and [3 of 7]):
 * departments, one account per role (`demo.<role>`), the academic year, logistics staff with
 * skills, certificates and shifts, the asset register with the simulators' equipment and its
 * sensors, dormitories with a few thousand residents and their cards, two canteens with menus,
 * recipes and stock, suppliers and contracts. Everything goes through the services (validated,
 * audited). Idempotent: a campus that has the demo accounts is left alone.
 */
export async function seedDemoCampus(db: Db, services: HubServices, gateway: Gateway, log: Logger): Promise<DemoCampusSummary> {
  const actor = systemActor('demo');
  const { identity, assets } = services;
  if ((await identity.listUsers({ q: 'demo.security_officer', limit: 1 })).length > 0)
    return { seeded: false, users: 0, assets: 0 };
  const rng = seededRandom(SEED);
  const started = Date.now();

  for (const department of DEPARTMENTS) await identity.saveDepartment(actor, { ...department, parent_id: null });
  for (const role of ROLES) {
    await identity.createUser(actor, {
      username: `demo.${role}`,
      displayName: `Demo ${role.replaceAll('_', ' ')}`,
      password: DEMO_PASSWORD,
      roles: [role],
      departmentId: DEPARTMENT_OF_ROLE[role],
    });
  }

  await seedCalendarDemo(db, services.calendar, actor);
  await seedTrainingDemo(services, { password: DEMO_PASSWORD });

  // Technicians are on shift around the clock for the next two weeks, so dispatch always finds one.
  const technicians = await identity.listUsers({ role: 'technician', limit: 50 });
  const day = 86_400_000;
  const midnight = Math.floor(Date.now() / day) * day;
  for (const technician of technicians) {
    const shifts = Array.from({ length: 14 }, (_, i) => ({
      startsAt: new Date(midnight + (i - 1) * day).toISOString(),
      endsAt: new Date(midnight + i * day).toISOString(),
    }));
    await identity.addShifts(actor, Number(technician.id), shifts);
  }

  for (const category of CATEGORIES) await assets.saveCategory(actor, category);
  let assetCount = 0;
  await db.transaction(async (tx) => {
    for (const equipment of EQUIPMENT) {
      await assets.importAsset(tx, actor, {
        id: equipment.id,
        name: equipment.name,
        categoryCode: equipment.category,
        departmentId: 'maintenance',
        location:
          equipment.id.startsWith('ahu') || equipment.id.startsWith('elevator') ? 'Library / 图书馆' : 'Energy centre / 能源中心',
        supplierName: 'Campus demo supplier',
        purchaseDate: '2021-09-01',
        amount: equipment.amount,
      });
      assetCount += 1;
    }
    // A few hundred everyday assets across the teaching departments.
    for (let i = 0; i < 300; i += 1) {
      const kind = EVERYDAY[Math.floor(rng() * EVERYDAY.length)] ?? EVERYDAY[0];
      if (!kind) continue;
      const department = ['chemistry', 'physics', 'logistics-office'][i % 3] ?? 'chemistry';
      const year = 2018 + Math.floor(rng() * 8);
      await assets.importAsset(tx, actor, {
        name: kind.name,
        categoryCode: kind.category,
        departmentId: department,
        location: `Building ${1 + (i % 6)}, room ${100 + (i % 40)}`,
        purchaseDate: `${year}-0${1 + (i % 9)}-15`,
        amount: kind.amount,
      });
      assetCount += 1;
    }
  });
  for (const equipment of EQUIPMENT) {
    if (equipment.sensor && gateway.registry.get(equipment.sensor)) {
      await assets.setSensors(actor, equipment.id, [equipment.sensor], (id) => gateway.registry.get(id)?.kind);
    }
  }

  await seedDormsDemo(services, actor, rng);
  await seedCateringDemo(services, actor, rng);
  await seedProcurementDemo(services, actor, rng);
  log.info({ seconds: Math.round((Date.now() - started) / 1000), assets: assetCount }, 'seeded the demo campus');
  return { seeded: true, users: ROLES.length, assets: assetCount };
}
