import { type CsvRow, parseCsvImport, type Rejection } from '../../http/csv-import.ts';
import type { RowResult } from '../../http/csv-row-check.ts';
import { isCalendarDate } from './dates.ts';
import { QUALIFICATION_KIND } from './qualifications.ts';
import { SUPPLIER_CATEGORIES, type SupplierCategory } from './vocabulary.ts';

/**
 * The supplier register's CSV (SYS-3 initial load, PRC-5): one header row, one supplier per
 * row, its qualifications in one cell as `kind:number[:expires]` separated by `;` (expires is
 * YYYY-MM-DD, or empty / 长期 / permanent for none). Column names match case-insensitively;
 * the Chinese names of the school's spreadsheets are accepted as aliases.
 */
export const SUPPLIER_COLUMNS = [
  { key: 'id', aliases: ['code', '供应商编号', '编号'], required: true, description: 'Supplier code: letters, digits, . _ -' },
  { key: 'name', aliases: ['供应商名称', '名称', '单位名称'], required: true, description: 'Registered (Chinese) name' },
  { key: 'name_en', aliases: ['英文名称', 'english_name'], required: false, description: 'English name or gloss' },
  {
    key: 'category',
    aliases: ['类别', '供应商类别'],
    required: true,
    description: 'food | equipment | services | other (or 食材 | 设备 | 服务 | 其他)',
  },
  {
    key: 'credit_code',
    aliases: ['统一社会信用代码', '信用代码'],
    required: false,
    description: 'Unified social credit code (18 characters)',
  },
  { key: 'contact_name', aliases: ['contact', '联系人'], required: false, description: 'Contact person' },
  { key: 'phone', aliases: ['电话', '联系电话'], required: false, description: 'Phone' },
  { key: 'email', aliases: ['邮箱', '电子邮件'], required: false, description: 'E-mail' },
  { key: 'address', aliases: ['地址'], required: false, description: 'Address' },
  {
    key: 'qualifications',
    aliases: ['资质', '资质证书'],
    required: false,
    description:
      'kind:number[:YYYY-MM-DD] separated by ; e.g. business_license:91310000MA1K00001X;food_operation_license:JY131:2027-06-30',
  },
] as const;

export type { Rejection };

export interface SupplierRecord {
  row: number;
  id: string;
  name: string;
  nameEn: string | null;
  category: SupplierCategory;
  creditCode: string | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  qualifications: Array<{ kind: string; number: string; expiresOn: string | null }>;
}

export const MAX_SUPPLIER_ROWS = 5000;
export const SUPPLIER_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** GB 32100-2015: 18 characters of digits and upper-case letters without I, O, S, V, Z. */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PHONE = /^[+0-9][0-9 ()-]{2,30}$/;

const CATEGORY_ALIASES: Record<string, SupplierCategory> = {
  食材: 'food',
  设备: 'equipment',
  设备物资: 'equipment',
  服务: 'services',
  其他: 'other',
};
const NO_EXPIRY = new Set(['', '长期', 'permanent', 'none']);

/**
 * Parses and checks every row (formats, enumerations, qualifications); what needs the
 * database (duplicates against the register) is checked while storing. All problems of the
 * file are reported at once.
 */
export function parseSupplierCsv(text: string): { records: SupplierRecord[]; rejected: Rejection[]; total: number } {
  const parsed = parseCsvImport(text, {
    columns: SUPPLIER_COLUMNS,
    maxRows: MAX_SUPPLIER_ROWS,
    tooManyRows: (max) => `has more than ${max} rows; at most ${max} in one file`,
  });
  const records: SupplierRecord[] = [];
  const rejected = [...parsed.rejected];
  const codes = new Map<string, number>();
  for (const row of parsed.rows) {
    const checked = checkSupplierRow(row, codes);
    if (checked.ok) records.push(checked.value);
    else rejected.push(...checked.rejected);
  }
  // Shape and content problems in file order (the sort is stable: a row's own order stays).
  rejected.sort((a, b) => a.row - b.row);
  return { records, rejected, total: parsed.total };
}

/** One row's checks; `codes` (supplier code → row) finds a code repeated within the file. */
function checkSupplierRow({ row, values }: CsvRow, codes: Map<string, number>): RowResult<SupplierRecord> {
  const rejected: Rejection[] = [];
  const cell = (key: string) => (values[key] ?? '').trim();
  const refuse = (field: string, reason: string) => rejected.push({ row, field, reason });
  const optional = (key: string, max: number, pattern?: RegExp, what?: string) => {
    const value = cell(key);
    if (value === '') return null;
    if (value.length > max) refuse(key, `is longer than ${max} characters`);
    else if (pattern && !pattern.test(value)) refuse(key, `must be ${what ?? 'well formed'}`);
    return value;
  };
  const id = cell('id');
  if (!SUPPLIER_CODE.test(id))
    refuse('id', id === '' ? 'is required' : 'must be 1-64 letters, digits, . _ - (starting alphanumeric)');
  else if (codes.has(id)) refuse('id', `repeats the supplier of row ${codes.get(id)}`);
  else codes.set(id, row);
  const name = cell('name');
  if (name === '') refuse('name', 'is required');
  else if (name.length > 200) refuse('name', 'is longer than 200 characters');
  const rawCategory = cell('category');
  const category = (SUPPLIER_CATEGORIES as readonly string[]).includes(rawCategory.toLowerCase())
    ? (rawCategory.toLowerCase() as SupplierCategory)
    : CATEGORY_ALIASES[rawCategory];
  if (!category) refuse('category', 'must be food, equipment, services or other (食材, 设备, 服务, 其他)');
  const qualifications: SupplierRecord['qualifications'] = [];
  for (const entry of cell('qualifications')
    .split(/[;；]/)
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [kind = '', number = '', expires = ''] = entry.split(/[:：]/).map((p) => p.trim());
    if (!QUALIFICATION_KIND.test(kind))
      refuse('qualifications', `${entry}: the kind must be a lower-case key like business_license`);
    else if (number === '' || number.length > 64)
      refuse('qualifications', `${entry}: give the certificate number (at most 64 characters)`);
    else if (!NO_EXPIRY.has(expires.toLowerCase()) && !isCalendarDate(expires))
      refuse('qualifications', `${entry}: the expiry must be YYYY-MM-DD or 长期`);
    else qualifications.push({ kind, number, expiresOn: NO_EXPIRY.has(expires.toLowerCase()) ? null : expires });
  }
  const value: SupplierRecord = {
    row,
    id,
    name,
    nameEn: optional('name_en', 200),
    category: category ?? 'other',
    creditCode: optional('credit_code', 18, CREDIT_CODE, 'an 18-character unified social credit code'),
    contactName: optional('contact_name', 100),
    phone: optional('phone', 32, PHONE, 'a phone number'),
    email: optional('email', 200, EMAIL, 'an e-mail address'),
    address: optional('address', 300),
    qualifications,
  };
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, value };
}
