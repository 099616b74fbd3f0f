/**
 * The one small SQL interface every component talks through (ARCHITECTURE: storage).
 * Two adapters implement it: a `pg` pool for a PostgreSQL/TimescaleDB server and the
 * embedded TimescaleDB (PGlite with the timescaledb extension).
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly adapter: 'pg' | 'pglite';
  /** True when the timescaledb extension is available and created. Set by `migrate`. */
  timescale: boolean;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * True for errors that mean "the database is not reachable right now" rather than
 * "this statement or its data is wrong": the caller should keep the data and retry later.
 */
export function isUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Class 08 = connection exception; 57P01..57P03 = admin shutdown, crash shutdown, cannot connect now.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|closed|not queryable/i.test(
    err.message,
  );
}
