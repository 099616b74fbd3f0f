import { type ColumnSpec, column } from '../../http/csv-columns.ts';
import { type CsvRow, type ParsedCsv, parseCsvImport, type Rejection } from '../../http/csv-import.ts';
import { RowCheck, type RowResult } from '../../http/csv-row-check.ts';
import { parseFacilities } from './facilities.ts';
import type { Gender, ResidentKind } from './vocabulary.ts';

/**
 * The CSV formats of the dormitory data load (SYS-3): rooms, residents, cards. One header row;
 * column names match case-insensitively, the Chinese names of the school's spreadsheets are
 * accepted as aliases. Same conventions, parser and row checks as the import context
 * (hub/src/http/csv-*.ts), which has no registry to join: these are the dorms' own endpoints in its style.
 */

export const DORM_IMPORT_KINDS = ['rooms', 'residents', 'cards'] as const;
export type DormImportKind = (typeof DORM_IMPORT_KINDS)[number];

export const DORM_IMPORT_COLUMNS: Record<DormImportKind, readonly ColumnSpec[]> = {
  rooms: [
    column('building_id', ['building', '楼栋', '楼栋编号'], true, 'Building code (the building must exist)'),
    column('floor', ['楼层'], true, 'Floor number, 1 up to the building’s floors'),
    column('number', ['room', 'room_number', '房间号', '宿舍号'], true, 'Room number, unique in the building'),
    column('beds', ['床位数', '床位'], true, 'Number of beds, 1-12'),
    column(
      'facilities',
      ['设施'],
      false,
      'Facility register: kind, kind*n or kind* (one per bed), separated by ; (default: desk*;chair*;wardrobe*;door;window;power;light;air_conditioner)',
    ),
  ],
  residents: [
    column('person_no', ['student_no', '学号', '工号'], true, 'Student or staff number'),
    column('name', ['姓名'], true, 'Full name'),
    column('gender', ['性别'], true, 'male | female (or 男 | 女)'),
    column('cohort', ['class', '班级'], false, 'Class (cohort): allocation keeps a class together'),
    column('kind', ['类别'], false, 'student (default) | staff (or 学生 | 教职工)'),
    column('phone', ['电话', '手机'], false, 'Phone'),
    column('id_last4', ['证件后四位', '身份证后四位'], false, 'Last 4 characters of the ID document, checked at check-in'),
    column('username', ['账号', '用户名'], false, 'Sign-in name of the resident’s user account, to link it'),
    column('bed_id', ['bed', '床位号'], false, 'A bed the resident already lives in (e.g. B1-402-2): imported as checked in'),
  ],
  cards: [
    column('card_id', ['card', '卡号'], true, 'Campus card or credential id'),
    column('person_no', ['student_no', '学号', '工号'], true, 'Student or staff number of the holder'),
    column('valid_from', ['生效日期'], false, 'YYYY-MM-DD or ISO date-time; default: now'),
    column('valid_to', ['失效日期'], false, 'YYYY-MM-DD or ISO date-time; default: no end'),
  ],
};

export type { CsvRow, Rejection };

/** A file of 20,000 rows imports in well under a minute on the embedded database. */
export const MAX_IMPORT_ROWS = 20_000;

/** Parses a CSV into rows keyed by column key, reporting every header and shape problem at once. */
export function parseDormCsv(kind: DormImportKind, text: string): ParsedCsv {
  return parseCsvImport(text, {
    columns: DORM_IMPORT_COLUMNS[kind],
    maxRows: MAX_IMPORT_ROWS,
    tooManyRows: (max) => `has more than ${max} rows; split it into files of at most ${max}`,
  });
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const PERSON_NO = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export interface RoomRecord {
  buildingId: string;
  floor: number;
  number: string;
  beds: number;
  facilities: string | undefined;
}

export function checkRoom(row: CsvRow): RowResult<RoomRecord> {
  const c = new RowCheck(row);
  const buildingId = c.required('building_id', 16);
  if (buildingId && !CODE.test(buildingId)) c.refuse('building_id', 'must be a code of letters, digits, _ -');
  const number = c.required('number', 16);
  if (number && !CODE.test(number)) c.refuse('number', 'must be letters, digits, _ -');
  const floor = c.required('floor', 3);
  if (floor && !/^\d{1,2}$/.test(floor)) c.refuse('floor', 'must be a whole number');
  const beds = c.required('beds', 2);
  if (beds && !(/^\d{1,2}$/.test(beds) && Number(beds) >= 1 && Number(beds) <= 12)) c.refuse('beds', 'must be 1-12');
  const facilities = c.optional('facilities', 500);
  if (facilities !== undefined && /^\d{1,2}$/.test(beds)) {
    const parsed = parseFacilities(
      facilities,
      Array.from({ length: Number(beds) }, (_, i) => String(i + 1)),
    );
    if (!parsed.ok) c.refuse('facilities', parsed.reason);
  }
  return c.result({ buildingId, floor: Number(floor), number, beds: Number(beds), facilities });
}

export interface ResidentRecord {
  personNo: string;
  name: string;
  gender: Gender;
  cohort: string | null;
  kind: ResidentKind;
  phone: string | null;
  idLast4: string | null;
  username: string | null;
  bedId: string | null;
}

const GENDERS: Record<string, Gender> = { male: 'male', m: 'male', 男: 'male', female: 'female', f: 'female', 女: 'female' };
const KINDS: Record<string, ResidentKind> = { student: 'student', 学生: 'student', staff: 'staff', 教职工: 'staff' };

export function checkResidentRow(row: CsvRow): RowResult<ResidentRecord> {
  const c = new RowCheck(row);
  const personNo = c.required('person_no', 32);
  if (personNo && !PERSON_NO.test(personNo)) c.refuse('person_no', 'must be letters, digits, _ -');
  const genderText = c.required('gender', 8);
  const gender = GENDERS[genderText.toLowerCase()];
  if (genderText && !gender) c.refuse('gender', 'must be male or female (男 or 女)');
  const kindText = c.optional('kind', 8);
  const kind = kindText === undefined ? 'student' : KINDS[kindText.toLowerCase()];
  if (!kind) c.refuse('kind', 'must be student or staff (学生 or 教职工)');
  const idLast4 = c.optional('id_last4', 4)?.toUpperCase();
  if (idLast4 !== undefined && !/^[0-9X]{4}$/.test(idLast4)) c.refuse('id_last4', 'must be 4 digits (or X)');
  return c.result({
    personNo,
    name: c.required('name', 64),
    gender: gender ?? 'male',
    cohort: c.optional('cohort', 64) ?? null,
    kind: kind ?? 'student',
    phone: c.optional('phone', 32) ?? null,
    idLast4: idLast4 ?? null,
    username: c.optional('username', 64) ?? null,
    bedId: c.optional('bed_id', 64) ?? null,
  });
}

export interface CardRecord {
  cardId: string;
  personNo: string;
  validFrom: string | null;
  validTo: string | null;
}

function instant(c: RowCheck, key: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    c.refuse(key, 'must be a date YYYY-MM-DD (Beijing) or an ISO date-time');
    return null;
  }
  return date.toISOString();
}

export function checkCard(row: CsvRow): RowResult<CardRecord> {
  const c = new RowCheck(row);
  const cardId = c.required('card_id', 64);
  if (cardId && !/^[\x21-\x7E]+$/.test(cardId)) c.refuse('card_id', 'must be printable characters without spaces');
  const validFrom = instant(c, 'valid_from', c.optional('valid_from', 40));
  const validTo = instant(c, 'valid_to', c.optional('valid_to', 40));
  if (validFrom && validTo && validTo <= validFrom) c.refuse('valid_to', 'must be after valid_from');
  return c.result({ cardId, personNo: c.required('person_no', 32), validFrom, validTo });
}
