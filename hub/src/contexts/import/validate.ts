import { isRole, type Role } from '@campus/protocol';
import type { CsvRow } from '../../http/csv-import.ts';
import { RowCheck, type RowResult } from '../../http/csv-row-check.ts';
import { DEPRECIATION_METHODS, type DepreciationMethod } from '../assets/depreciation.ts';

/**
 * Row checks that need no database (formats, ranges, enumerations), done for every row before
 * anything is written; what needs the database (references, uniqueness) the services check
 * while importing. Each function returns the typed record or the row's rejections.
 */

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const CATEGORY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SKILL = /^[a-z][a-z0-9_]{0,47}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d{1,11}(\.\d{1,2})?$/;

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const money = (check: RowCheck, key: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const plain = value.replaceAll(',', '').replace(/^[¥￥]/, '');
  if (!MONEY.test(plain)) {
    check.refuse(key, 'must be a sum in yuan with at most two decimals, e.g. 4200.50');
    return undefined;
  }
  return Number(plain);
};

export interface DepartmentRecord {
  id: string;
  name: string;
  nameZh: string | null;
  parentId: string | null;
}

export function checkDepartment(row: CsvRow): RowResult<DepartmentRecord> {
  const c = new RowCheck(row);
  const id = c.required('id', 64);
  c.pattern('id', id, CODE, 'a code of letters, digits, . _ -');
  const parentId = c.optional('parent_id', 64) ?? null;
  if (parentId !== null && parentId === id) c.refuse('parent_id', 'a department cannot be its own parent');
  return c.result({ id, name: c.required('name', 128), nameZh: c.optional('name_zh', 128) ?? null, parentId });
}

export interface StaffRecord {
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
  phone: string | null;
  email: string | null;
  skills: Array<{ skill: string; level: number }>;
}

const LIST = /[;；|,，、]/;

export function checkStaff(row: CsvRow): RowResult<StaffRecord> {
  const c = new RowCheck(row);
  const username = c.required('username', 64);
  c.pattern('username', username, USERNAME, '2-64 letters, digits, . _ - (starting alphanumeric)');
  const roles: Role[] = [];
  for (const name of c
    .required('roles', 400)
    .split(LIST)
    .map((r) => r.trim())
    .filter(Boolean)) {
    if (!isRole(name)) c.refuse('roles', `${name} is not a role`);
    else if (name === 'admin') c.refuse('roles', 'administrators are appointed by hand, not imported');
    else if (!roles.includes(name)) roles.push(name);
  }
  const email = c.optional('email', 128);
  c.pattern('email', email, EMAIL, 'an e-mail address');
  const skills: StaffRecord['skills'] = [];
  for (const pair of (c.optional('skills', 1000) ?? '')
    .split(LIST)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [skill = '', level = ''] = pair.split(/[:：]/).map((s) => s.trim());
    if (!SKILL.test(skill) || !/^[1-5]$/.test(level))
      c.refuse('skills', `${pair} must be skill:level with level 1-5, e.g. electrical:3`);
    else if (skills.some((s) => s.skill === skill)) c.refuse('skills', `${skill} appears twice`);
    else skills.push({ skill, level: Number(level) });
  }
  return c.result({
    username,
    displayName: c.required('display_name', 128),
    roles,
    departmentId: c.optional('department_id', 64) ?? null,
    phone: c.optional('phone', 32) ?? null,
    email: email ?? null,
    skills,
  });
}

export interface CategoryRecord {
  code: string;
  name: string;
  nameZh: string | null;
  parentCode: string | null;
  depreciationMethod: DepreciationMethod | undefined;
  usefulLifeMonths: number | undefined;
  residualRate: number | undefined;
}

const METHOD_ALIASES: Record<string, DepreciationMethod> = {
  年限平均法: 'straight_line',
  直线法: 'straight_line',
  双倍余额递减法: 'double_declining',
  年数总和法: 'sum_of_years',
};

export function checkCategory(row: CsvRow): RowResult<CategoryRecord> {
  const c = new RowCheck(row);
  const code = c.required('code', 32);
  c.pattern('code', code, CATEGORY, 'a code of letters, digits, . _ -');
  const method = c.optional('depreciation_method', 32);
  const known = method === undefined ? undefined : (METHOD_ALIASES[method] ?? DEPRECIATION_METHODS.find((m) => m === method));
  if (method !== undefined && !known) c.refuse('depreciation_method', `must be one of ${DEPRECIATION_METHODS.join(', ')}`);
  const life = c.optional('useful_life_months', 8);
  if (life !== undefined && !/^\d{1,4}$/.test(life)) c.refuse('useful_life_months', 'must be a whole number of months');
  const rate = c.optional('residual_rate', 16);
  let residualRate: number | undefined;
  if (rate !== undefined) {
    const percent = rate.endsWith('%');
    const n = Number(percent ? rate.slice(0, -1) : rate);
    residualRate = percent ? n / 100 : n;
    if (!Number.isFinite(residualRate) || residualRate < 0 || residualRate >= 1)
      c.refuse('residual_rate', 'must be between 0 and 1 (or 0% and 100%)');
  }
  return c.result({
    code,
    name: c.required('name', 128),
    nameZh: c.optional('name_zh', 128) ?? null,
    parentCode: c.optional('parent_code', 32) ?? null,
    depreciationMethod: known,
    usefulLifeMonths: life === undefined ? undefined : Number(life),
    residualRate,
  });
}

export interface AssetRecord {
  id: string | undefined;
  name: string;
  categoryCode: string;
  model: string | null;
  specification: string | null;
  departmentId: string;
  location: string | null;
  supplierName: string | null;
  purchaseDate: string;
  amount: number;
  status: 'in_use' | 'under_maintenance' | 'missing';
  accumulatedDepreciation: number | undefined;
}

const STATUS_ALIASES: Record<string, AssetRecord['status']> = {
  in_use: 'in_use',
  在用: 'in_use',
  under_maintenance: 'under_maintenance',
  维修中: 'under_maintenance',
  missing: 'missing',
  盘亏待查: 'missing',
};

export function checkAsset(row: CsvRow, today = new Date().toISOString().slice(0, 10)): RowResult<AssetRecord> {
  const c = new RowCheck(row);
  const id = c.optional('asset_no', 64);
  c.pattern('asset_no', id, CODE, 'letters, digits, . _ - (starting alphanumeric)');
  const categoryCode = c.required('category_code', 32);
  const purchaseDate = c.required('purchase_date', 10);
  if (purchaseDate && !isRealDate(purchaseDate)) c.refuse('purchase_date', 'must be a real date YYYY-MM-DD');
  else if (purchaseDate > today) c.refuse('purchase_date', 'must not be in the future');
  const amountText = c.required('amount', 20);
  const amount = amountText ? money(c, 'amount', amountText) : undefined;
  const accumulated = money(c, 'accumulated_depreciation', c.optional('accumulated_depreciation', 20));
  if (amount !== undefined && accumulated !== undefined && accumulated > amount)
    c.refuse('accumulated_depreciation', 'must not exceed the amount');
  const statusText = c.optional('status', 32);
  const status = statusText === undefined ? 'in_use' : STATUS_ALIASES[statusText];
  if (!status) c.refuse('status', 'must be in_use, under_maintenance or missing');
  return c.result({
    id,
    name: c.required('name', 200),
    categoryCode,
    model: c.optional('model', 128) ?? null,
    specification: c.optional('specification', 500) ?? null,
    departmentId: c.required('department_id', 64),
    location: c.optional('location', 200) ?? null,
    supplierName: c.optional('supplier', 200) ?? null,
    purchaseDate,
    amount: amount ?? 0,
    status: status ?? 'in_use',
    accumulatedDepreciation: accumulated,
  });
}
