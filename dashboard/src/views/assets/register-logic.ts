import type { Page } from '../../api/client.ts';
import { ASSET_STATUSES, type AssetStatus, type Category } from './api-types.ts';

/** The register's filters, kept in the URL so a search can be shared (AST-1). */
export interface RegisterFilters {
  q: string;
  categoryCode: string;
  departmentId: string;
  status: AssetStatus | '';
}

export const EMPTY_FILTERS: RegisterFilters = { q: '', categoryCode: '', departmentId: '', status: '' };

function isStatus(value: string): value is AssetStatus {
  return (ASSET_STATUSES as readonly string[]).includes(value);
}

export function filtersFrom(search: URLSearchParams): RegisterFilters {
  const status = search.get('status') ?? '';
  return {
    q: (search.get('q') ?? '').slice(0, 64),
    categoryCode: search.get('category') ?? '',
    departmentId: search.get('department') ?? '',
    status: isStatus(status) ? status : '',
  };
}

/** The URL parameters of the filters (null removes one). */
export function searchOf(filters: RegisterFilters): Record<string, string | null> {
  return {
    q: filters.q.trim() || null,
    category: filters.categoryCode || null,
    department: filters.departmentId || null,
    status: filters.status || null,
  };
}

/** GET /api/assets query of the filters: empty ones are left out. */
export function queryOf(filters: RegisterFilters, cursor: string | null, limit: number) {
  return {
    q: filters.q.trim() || undefined,
    categoryCode: filters.categoryCode || undefined,
    departmentId: filters.departmentId || undefined,
    status: filters.status || undefined,
    cursor: cursor ?? undefined,
    limit,
  };
}

/** Rows kept in the browser at most; past this the user narrows the search instead of scrolling on. */
export const MAX_LOADED_ROWS = 5000;

export interface Loaded<T> {
  items: T[];
  nextCursor: string | null;
  /** True once MAX_LOADED_ROWS is reached while the hub has more. */
  capped: boolean;
}

/** Appends a keyset page (the API's `nextCursor`), ignoring rows already loaded. */
export function appendPage<T extends { id: string }>(
  loaded: Loaded<T> | undefined,
  page: Page<T>,
  max = MAX_LOADED_ROWS,
): Loaded<T> {
  const items = loaded ? [...loaded.items] : [];
  const seen = new Set(items.map((item) => item.id));
  for (const item of page.items) {
    if (items.length >= max) break;
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(item);
  }
  const capped = items.length >= max && page.nextCursor !== null;
  return { items, nextCursor: capped ? null : page.nextCursor, capped };
}

export interface CategoryOption {
  code: string;
  name: string;
  nameZh: string | null;
  depth: number;
}

/** The classification tree flattened for a select: each category after its parent, indented by depth. */
export function categoryOptions(categories: readonly Category[]): CategoryOption[] {
  const children = new Map<string | null, Category[]>();
  const codes = new Set(categories.map((c) => c.code));
  for (const category of categories) {
    const parent = category.parentCode !== null && codes.has(category.parentCode) ? category.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const out: CategoryOption[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    for (const category of list) {
      out.push({ code: category.code, name: category.name, nameZh: category.nameZh, depth });
      if (depth < 10) walk(category.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The last `count` months (YYYY-MM) up to the current one in the campus time zone, newest first. */
export function recentPeriods(now: Date, count: number, timeZone = 'Asia/Shanghai'): string[] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  const periods: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = year * 12 + (month - 1) - i;
    periods.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return periods;
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
