import { can, type Permission } from '@campus/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, api, type Page } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import { useMe } from '../../auth/use-me.ts';
import type { Asset, AssetDetail, AssetMeta, Category, Department, DepreciationReport, DepreciationRun } from './api-types.ts';
import { fetchBlob, saveBlob } from './download.ts';
import { appendPage, categoryOptions, type Loaded, queryOf, type RegisterFilters } from './register-logic.ts';

/** Rows per request: the hub allows 200; a screenful or two at a time keeps scrolling smooth. */
const PAGE_SIZE = 100;

function useAllowed(): (permission: Permission) => boolean {
  const { roles } = useMe();
  return useMemo(() => (permission: Permission) => can(roles, permission), [roles]);
}

/** Categories (as a tree for the filter), departments and the status labels the hub sends. */
export function useLookups() {
  const allowed = useAllowed();
  const categories = useQuery(
    'assets:categories',
    async () => (await api.get<{ items: Category[] }>('/assets/categories')).items,
  );
  const departments = useQuery(
    allowed('departments.read') ? 'assets:departments' : null,
    async () => (await api.get<{ items: Department[] }>('/departments')).items,
  );
  const meta = useQuery('assets:meta', () => api.get<AssetMeta>('/assets/meta'));
  const options = useMemo(() => categoryOptions(categories.data ?? []), [categories.data]);
  const categoryByCode = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c])), [categories.data]);
  const departmentById = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d])), [departments.data]);
  return { categoryOptions: options, categoryByCode, departments: departments.data ?? [], departmentById, meta: meta.data };
}

/**
 * The register (AST-1) with keyset pagination: the first page per filter set, then `loadMore`
 * follows the API's `nextCursor`. A page that arrives after the filters changed is dropped.
 */
export function useRegister(filters: RegisterFilters) {
  const key = `assets:register:${JSON.stringify(filters)}`;
  const query = useQuery<Loaded<Asset>>(key, async () =>
    appendPage(undefined, await api.get<Page<Asset>>('/assets', queryOf(filters, null, PAGE_SIZE))),
  );
  const currentKey = useRef(key);
  currentKey.current = key;
  const { data, setData } = query;
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const loading = useRef(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = useCallback(() => {
    const cursor = data?.nextCursor;
    if (!cursor || loading.current) return;
    const started = key;
    loading.current = true;
    setLoadingMore(true);
    api.get<Page<Asset>>('/assets', queryOf(filters, cursor, PAGE_SIZE)).then(
      (page) => {
        loading.current = false;
        setLoadingMore(false);
        setMoreError(null);
        if (currentKey.current === started) setData((loaded) => appendPage(loaded, page));
      },
      (err: ApiError) => {
        loading.current = false;
        setLoadingMore(false);
        setMoreError(err);
      },
    );
  }, [data?.nextCursor, filters, key, setData]);
  return { ...query, loadMore, loadingMore, moreError };
}

/** One asset with category, depreciation so far and sensors. */
export function useAssetDetail(id: string | null) {
  return useQuery(id ? `assets:detail:${id}` : null, () => api.get<AssetDetail>(`/assets/${encodeURIComponent(id ?? '')}`));
}

/** The asset's QR label as an object URL (the PNG needs the bearer token), revoked when it changes. */
export function useQrImage(id: string | null) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    let made: string | null = null;
    setUrl(null);
    setError(null);
    fetchBlob(`/assets/${encodeURIComponent(id)}/qr.png`).then(
      (blob) => {
        if (cancelled) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      (err: ApiError) => {
        if (!cancelled) setError(err);
      },
    );
    return () => {
      cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id]);
  return { url, error };
}

export type CsvView = 'assets' | 'categories' | 'departments';

/** The months depreciation was run for, latest first (GET /assets/depreciation/runs). */
export function useDepreciationRuns() {
  const allowed = useAllowed();
  return useQuery(
    allowed('assets.depreciation') ? 'assets:depreciation-runs' : null,
    async () => (await api.get<{ items: DepreciationRun[] }>('/assets/depreciation/runs')).items,
  );
}

/** The month's depreciation report (AST-7) and its CSV for finance. */
export function useDepreciation(period: string) {
  const allowed = useAllowed();
  const enabled = allowed('assets.depreciation') && period !== '';
  const report = useQuery(enabled ? `assets:depreciation:${period}` : null, () =>
    api.get<DepreciationReport>('/assets/depreciation/report', { period }),
  );
  const csv = useMutation(async (view: CsvView) => {
    const file = `depreciation-${period}-${view}.csv`;
    saveBlob(await fetchBlob('/assets/depreciation/report.csv', { period, view }), file);
    return file;
  });
  return { enabled, report, csv };
}
