import type { Actor } from '../../actor.ts';
import type { IdentityService } from '../identity/service.ts';
import type { ContractInput } from './contract-service.ts';
import { addDays } from './dates.ts';
import type { ProcurementService } from './service.ts';
import type { SupplierInput } from './supplier-service.ts';
import type { SupplierCategory } from './vocabulary.ts';

/**
 * Demo procurement data: fifteen suppliers (food, equipment, services; Chinese registered names
 * with English glosses) with their qualifications — a few expiring soon or expired, so the
 * renewal flags show — and four contracts with payment instalments, one with a delivery
 * accepted and an instalment overdue. Dates are relative to the seeding day; everything else is
 * deterministic for a given `rng`. Does nothing when supplier SUP-F01 exists.
 */

const SUPPLIERS: ReadonlyArray<{ id: string; name: string; nameEn: string; category: SupplierCategory; contact: string }> = [
  {
    id: 'SUP-F01',
    name: '上海鲜丰农产品有限公司',
    nameEn: 'Shanghai Xianfeng Agricultural Products Co.',
    category: 'food',
    contact: '王建国',
  },
  { id: 'SUP-F02', name: '江苏稻香米业有限公司', nameEn: 'Jiangsu Daoxiang Rice Co.', category: 'food', contact: '李秀英' },
  {
    id: 'SUP-F03',
    name: '浙江绿源蔬菜配送有限公司',
    nameEn: 'Zhejiang Lüyuan Vegetable Distribution Co.',
    category: 'food',
    contact: '陈立新',
  },
  { id: 'SUP-F04', name: '安徽金穗面粉厂', nameEn: 'Anhui Jinsui Flour Mill', category: 'food', contact: '周海燕' },
  {
    id: 'SUP-F05',
    name: '山东鲁丰食用油销售有限公司',
    nameEn: 'Shandong Lufeng Edible Oil Sales Co.',
    category: 'food',
    contact: '孙志刚',
  },
  {
    id: 'SUP-E01',
    name: '华东教学仪器设备有限公司',
    nameEn: 'East China Teaching Instruments Co.',
    category: 'equipment',
    contact: '赵明',
  },
  {
    id: 'SUP-E02',
    name: '苏州科睿实验室设备有限公司',
    nameEn: 'Suzhou Kerui Laboratory Equipment Co.',
    category: 'equipment',
    contact: '吴婷',
  },
  {
    id: 'SUP-E03',
    name: '上海恒温厨房设备有限公司',
    nameEn: 'Shanghai Hengwen Kitchen Equipment Co.',
    category: 'equipment',
    contact: '郑伟',
  },
  {
    id: 'SUP-E04',
    name: '杭州联创信息技术有限公司',
    nameEn: 'Hangzhou Lianchuang Information Technology Co.',
    category: 'equipment',
    contact: '钱磊',
  },
  { id: 'SUP-E05', name: '宁波美家家具有限公司', nameEn: 'Ningbo Meijia Furniture Co.', category: 'equipment', contact: '冯丽' },
  {
    id: 'SUP-S01',
    name: '上海洁净环境服务有限公司',
    nameEn: 'Shanghai Jiejing Environmental Services Co.',
    category: 'services',
    contact: '何敏',
  },
  {
    id: 'SUP-S02',
    name: '申安物业管理有限公司',
    nameEn: "Shen'an Property Management Co.",
    category: 'services',
    contact: '许强',
  },
  { id: 'SUP-S03', name: '绿盾有害生物防治有限公司', nameEn: 'Lüdun Pest Control Co.', category: 'services', contact: '韩冰' },
  {
    id: 'SUP-S04',
    name: '东方电梯维保有限公司',
    nameEn: 'Dongfang Elevator Maintenance Co.',
    category: 'services',
    contact: '曹军',
  },
  {
    id: 'SUP-S05',
    name: '天平消防工程有限公司',
    nameEn: 'Tianping Fire Protection Engineering Co.',
    category: 'services',
    contact: '邓洁',
  },
];

/** Characters of a unified social credit code (GB 32100-2015: no I, O, S, V, Z). */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const QUALIFICATIONS_BY_CATEGORY: Record<SupplierCategory, string[]> = {
  food: ['food_operation_license'],
  equipment: ['iso9001', 'ccc'],
  services: ['safety_production_license'],
  other: [],
};

export interface DemoSummary {
  seeded: boolean;
  suppliers: number;
  contracts: number;
}

const pick = <T>(rng: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/** The demo suppliers as register input, relative to `today` (pure, so its determinism is testable). */
export function demoSuppliers(rng: () => number, today: string): SupplierInput[] {
  return SUPPLIERS.map((s, index) => {
    const creditCode = `91${pick(rng, ['310000', '320500', '330100', '340100', '370100'])}${Array.from({ length: 10 }, () => pick(rng, [...CODE_CHARS])).join('')}`;
    // Every fifth supplier's licence is near renewal, and one has lapsed: the register flags them.
    const expiry = (i: number) =>
      index === 2 && i === 0
        ? addDays(today, -12)
        : index % 5 === 4 && i === 0
          ? addDays(today, 20)
          : addDays(today, 200 + Math.floor(rng() * 900));
    return {
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      category: s.category,
      creditCode,
      contactName: s.contact,
      phone: `021-${String(5550000 + Math.floor(rng() * 9999)).padStart(7, '0')}`,
      address: `${pick(rng, ['上海市', '苏州市', '杭州市', '宁波市', '合肥市'])}${pick(rng, ['工业园区', '高新区', '经济开发区'])}${1 + Math.floor(rng() * 300)}号`,
      qualifications: [
        { kind: 'business_license', number: creditCode, issuedOn: addDays(today, -2000), expiresOn: null },
        ...QUALIFICATIONS_BY_CATEGORY[s.category].map((kind, i) => ({
          kind,
          number: `${kind.slice(0, 2).toUpperCase()}${Math.floor(100000 + rng() * 899999)}`,
          issuedOn: addDays(today, -700),
          expiresOn: expiry(i),
        })),
      ],
    };
  });
}

function demoContracts(rng: () => number, today: string, departmentId: string): ContractInput[] {
  const year = today.slice(0, 4);
  const price = (base: number) => Math.round(base * (0.9 + rng() * 0.2) * 100) / 100;
  return [
    {
      number: `HT-${year}-D001`,
      title: '年度大米供货合同 / Annual rice supply',
      signedOn: addDays(today, -45),
      supplierId: 'SUP-F02',
      departmentId,
      paymentTerms: '按季度结算，收货后30日内付款 / Settled quarterly, paid within 30 days of receipt',
      instalments: [
        { label: 'Q1', percent: 25, dueAfterDays: 90 },
        { label: 'Q2', percent: 25, dueAfterDays: 180 },
        { label: 'Q3', percent: 25, dueAfterDays: 270 },
        { label: 'Q4', percent: 25, dueAfterDays: 360 },
      ],
      lines: [
        {
          itemName: '东北大米 / Northeast rice',
          specification: '一级，25 kg/袋',
          quantity: 12_000,
          unit: 'kg',
          unitPrice: price(5.2),
          target: { kind: 'stock_item', ref: 'rice' },
          dueOn: addDays(today, 15),
        },
      ],
    },
    {
      number: `HT-${year}-D002`,
      title: '实验室通风柜采购 / Laboratory fume hoods',
      signedOn: addDays(today, -30),
      supplierId: 'SUP-E02',
      departmentId,
      paymentTerms: '预付30%，验收合格后付60%，质保金10%一年后付 / 30% advance, 60% after acceptance, 10% retention after a year',
      instalments: [
        { label: '预付款 Advance', percent: 30, dueAfterDays: 15 },
        { label: '验收款 On acceptance', percent: 60, dueAfterDays: 75 },
        { label: '质保金 Retention', percent: 10, dueAfterDays: 395 },
      ],
      lines: [
        {
          itemName: '通风柜 / Fume hood',
          specification: '1500 mm, PP',
          quantity: 6,
          unit: 'pcs',
          unitPrice: price(18_500),
          target: { kind: 'asset_category', ref: 'lab-equipment' },
          dueOn: addDays(today, 30),
        },
      ],
    },
    {
      number: `HT-${year}-D003`,
      title: '食堂油烟管道清洗 / Canteen kitchen duct cleaning',
      signedOn: addDays(today, -90),
      supplierId: 'SUP-S01',
      departmentId,
      paymentTerms: '签约付50%，完成后付50% / 50% on signing, 50% on completion',
      instalments: [
        { label: 'Advance', percent: 50, dueAfterDays: 10 },
        { label: 'Balance', percent: 50, dueAfterDays: 60 },
      ],
      lines: [
        {
          itemName: '油烟管道清洗 / Duct cleaning',
          quantity: 2,
          unit: 'visit',
          unitPrice: price(4_800),
          target: { kind: 'service' },
          dueOn: addDays(today, -40),
        },
      ],
    },
    {
      number: `HT-${year}-D004`,
      title: '学生宿舍空调 / Dormitory air conditioners',
      signedOn: addDays(today, -10),
      supplierId: 'SUP-E04',
      departmentId,
      paymentTerms: '到货验收后一次付清 / Paid in full after delivery and acceptance',
      instalments: [{ label: 'Full payment', percent: 100, dueAfterDays: 60 }],
      lines: [
        {
          itemName: '分体空调 / Split air conditioner',
          specification: '1.5匹 一级能效',
          quantity: 40,
          unit: 'pcs',
          unitPrice: price(2_650),
          target: { kind: 'asset_category', ref: 'hvac' },
          dueOn: addDays(today, 20),
        },
      ],
    },
  ];
}

/**
 * Seeds the demo supplier register and contract register through the procurement services.
 * Contracts are charged to the logistics office (or the first department there is).
 * @param rng a seeded generator in [0, 1): the same sequence gives the same data.
 */
export async function seedProcurementDemo(
  services: { procurement: ProcurementService; identity: IdentityService },
  actor: Actor,
  rng: () => number,
): Promise<DemoSummary> {
  const { procurement } = services;
  const today = procurement.today();
  if ((await procurement.suppliers.list({ search: 'SUP-F01', limit: 1 })).rows.length > 0)
    return { seeded: false, suppliers: 0, contracts: 0 };
  const suppliers = demoSuppliers(rng, today);
  for (const supplier of suppliers) await procurement.suppliers.create(actor, supplier);

  const departments = await services.identity.listDepartments();
  const department = departments.find((d) => d.id === 'logistics-office') ?? departments[0];
  if (!department) return { seeded: true, suppliers: suppliers.length, contracts: 0 };
  const year = Number(today.slice(0, 4));
  if ((await procurement.plans.budgets({ year, departmentId: department.id })).length === 0)
    await procurement.plans.setBudget(actor, department.id, year, 2_000_000);

  const contracts = demoContracts(rng, today, department.id);
  for (const contract of contracts) await procurement.contracts.create(actor, contract);

  // The duct cleaning is under way: the first visit done and accepted, the advance paid, the balance overdue.
  const cleaning = (await procurement.contracts.list({ limit: 10 })).find((c) => c.number === contracts[2]?.number);
  if (cleaning) {
    const id = Number(cleaning.id);
    const detail = await procurement.contracts.detail(id);
    const line = detail.lines[0];
    const advance = detail.instalments[0];
    if (line)
      await procurement.contracts.recordDelivery(actor, id, {
        lineId: Number(line.id),
        quantity: 1,
        deliveredOn: addDays(today, -42),
        acceptance: { result: 'passed', note: '厨房主管验收 / checked by the kitchen supervisor' },
      });
    if (advance)
      await procurement.contracts.recordPayment(actor, id, Number(advance.id), {
        amount: Number(advance.amount),
        paidOn: addDays(today, -80),
        reference: 'PZ-0001',
      });
  }
  return { seeded: true, suppliers: suppliers.length, contracts: contracts.length };
}
