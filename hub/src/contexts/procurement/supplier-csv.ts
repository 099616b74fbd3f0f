import { CsvError, parse } from 'csv-parse/sync';
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

export interface Rejection {
  row: number;
  field: string;
  reason: string;
}

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

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return (
    Array.isArray(record) &&
    record.every((cell) => typeof cell === 'string') &&
    typeof info === 'object' &&
    info !== null &&
    'lines' in info &&
    typeof info.lines === 'number'
  );
}

function columnOf(header: string): string | undefined {
  const wanted = header.trim().toLowerCase();
  return SUPPLIER_COLUMNS.find((c) => c.key === wanted || c.aliases.some((a) => a.toLowerCase() === wanted))?.key;
}

/**
 * Parses and checks every row (formats, enumerations, qualifications); what needs the
 * database (duplicates against the register) is checked while storing. All problems of the
 * file are reported at once.
 */
export function parseSupplierCsv(text: string): { records: SupplierRecord[]; rejected: Rejection[]; total: number } {
  let records: InfoRecord[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its typings do not say so, the guard checks.
    const parsed: unknown[] = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
    records = parsed.filter(isInfoRecord);
    if (records.length !== parsed.length) throw new Error('csv-parse returned records without info');
  } catch (err) {
    if (err instanceof CsvError)
      return {
        records: [],
        total: 0,
        rejected: [
          { row: typeof err.lines === 'number' ? err.lines : 0, field: 'file', reason: `not readable as CSV: ${err.message}` },
        ],
      };
    throw err;
  }
  const [head, ...body] = records;
  if (!head)
    return { records: [], total: 0, rejected: [{ row: 1, field: 'file', reason: 'is empty; the first row names the columns' }] };
  const rejected: Rejection[] = [];
  const keys = head.record.map(columnOf);
  head.record.forEach((header, index) => {
    if (keys[index] === undefined)
      rejected.push({ row: 1, field: header || `column ${index + 1}`, reason: 'is not a column of this import' });
  });
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (key === undefined) return;
    if (seen.has(key)) rejected.push({ row: 1, field: head.record[index] ?? key, reason: `names column ${key} a second time` });
    seen.add(key);
  });
  for (const spec of SUPPLIER_COLUMNS)
    if (spec.required && !seen.has(spec.key)) rejected.push({ row: 1, field: spec.key, reason: 'required column is missing' });
  if (body.length === 0) rejected.push({ row: 1, field: 'file', reason: 'has no rows below the header' });
  if (body.length > MAX_SUPPLIER_ROWS)
    rejected.push({ row: 1, field: 'file', reason: `has ${body.length} rows; at most ${MAX_SUPPLIER_ROWS}` });
  if (rejected.length > 0) return { records: [], rejected, total: body.length };

  const out: SupplierRecord[] = [];
  const codes = new Map<string, number>();
  for (const { record, info } of body) {
    const row = info.lines;
    if (record.length !== keys.length) {
      rejected.push({ row, field: 'row', reason: `has ${record.length} cells, the header has ${keys.length}` });
      continue;
    }
    const cell = (key: string) => {
      const index = keys.indexOf(key);
      return index < 0 ? '' : (record[index] ?? '').trim();
    };
    const before = rejected.length;
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
    if (rejected.length === before) out.push(value);
  }
  return { records: out, rejected, total: body.length };
}
