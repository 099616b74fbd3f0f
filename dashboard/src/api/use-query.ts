import { useCallback, useEffect, useRef, useState } from 'react';
import { onResync } from '../live/live-connection.ts';
import { ApiError } from './client.ts';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  /** Local updates (a live event, the answer of a mutation) without another round trip. */
  setData(update: (current: T | undefined) => T | undefined): void;
}

export interface QueryOptions {
  /** Fetch again when the live channel lost messages (a gap after a reconnect). Default true. */
  refetchOnResync?: boolean;
  /** Poll as well, for data the live channel does not carry. */
  intervalMs?: number;
}

/**
 * Loads data for a view; `key` names what is loaded (a path with its filters): a new key loads
 * again, null loads nothing (not allowed, or not chosen yet). Answers that arrive after a newer
 * request started are dropped, so fast filter changes never show stale rows.
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>, options: QueryOptions = {}): QueryState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger; the fetcher is read through a ref.
  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    const mine = ++generation.current;
    setLoading(true);
    fetcherRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err instanceof ApiError ? err : new ApiError(0, { code: 'unknown', message: String(err) }));
        setLoading(false);
      },
    );
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const refetchOnResync = options.refetchOnResync ?? true;
  useEffect(() => (key !== null && refetchOnResync ? onResync(reload) : undefined), [key, refetchOnResync, reload]);
  useEffect(() => {
    if (key === null || !options.intervalMs) return;
    const timer = setInterval(reload, options.intervalMs);
    return () => clearInterval(timer);
  }, [key, options.intervalMs, reload]);

  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

export interface MutationState<A extends unknown[], R> {
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  error: ApiError | null;
  reset(): void;
}

/** A write (acknowledge, assign, submit): pending state and the typed error for the form to show. */
export function useMutation<A extends unknown[], R>(action: (...args: A) => Promise<R>): MutationState<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const actionRef = useRef(action);
  actionRef.current = action;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      return await actionRef.current(...args);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { code: 'unknown', message: String(err) }));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, reset: useCallback(() => setError(null), []) };
}
