import type { Gateway } from '@campus/gateway';
import type { Db, Queryable } from '@campus/storage';

/**
 * Read-only probes on the running product, for the bench's notes on where the time goes.
 * They watch; they change nothing the product does.
 */

export interface ProbeTotals {
  /** The ingest writer's batches (its metrics) and the time spent in their transactions. */
  batches: number;
  batchEvents: number;
  ingestTransactions: number;
  ingestTransactionMs: number;
  spooled: number;
  /** Most events waiting in the writer's queue since the previous reading. */
  peakQueued: number;
  /** Every other statement the product sent (the hub's services, rule engine, live channel). */
  otherQueries: number;
  /** Those statements counted by their opening words (cumulative). */
  statements: Array<[statement: string, count: number]>;
  /** Alerts the rules have raised so far, by rule: a load run is ordinary traffic, not an incident. */
  alertsByRule: Array<[ruleId: string, count: number]>;
}

// The writer's statements (gateway/src/ingest/event-repository.ts); other transactions are the hub's.
/** The writer's statements: a batch is one INSERT per table, each a CTE (`WITH w_gate AS (INSERT …`). */
const INGEST_SQL =
  /^\s*(SAVEPOINT ingest_batch\b|(WITH w_\w+ AS \(\s*)?INSERT INTO (gate_swipes|terminal_orders|scale_readings|sensor_readings|dead_letters)\b)/;
const QUEUE_SAMPLE_MS = 20;
const STATEMENT_HEAD_CHARS = 90;

export function probeProduct(db: Db, gateway: Gateway): { read(): Promise<ProbeTotals> } {
  const ingest = { count: 0, ms: 0 };
  let otherQueries = 0;
  const byStatement = new Map<string, number>();
  const countOther = (sql: string) => {
    otherQueries += 1;
    const head = sql.replace(/\s+/g, ' ').trim().slice(0, STATEMENT_HEAD_CHARS);
    byStatement.set(head, (byStatement.get(head) ?? 0) + 1);
  };
  const query = db.query.bind(db);
  db.query = <Row>(sql: string, params?: readonly unknown[]) => {
    countOther(sql);
    return query<Row>(sql, params);
  };
  const transaction = db.transaction.bind(db);
  db.transaction = async (work) => {
    let isIngest = false;
    const started = performance.now();
    try {
      return await transaction((tx) => {
        const watched: Queryable = {
          query: <Row>(sql: string, params?: readonly unknown[]) => {
            isIngest ||= INGEST_SQL.test(sql);
            if (!isIngest) countOther(sql);
            return tx.query<Row>(sql, params);
          },
        };
        return work(watched);
      });
    } finally {
      if (isIngest) {
        ingest.count += 1;
        ingest.ms += performance.now() - started;
      }
    }
  };

  let peakQueued = 0;
  setInterval(() => {
    peakQueued = Math.max(peakQueued, gateway.writer.queued);
  }, QUEUE_SAMPLE_MS).unref();

  return {
    async read() {
      const values = (await gateway.metrics.batchRows.get()).values;
      const total = (suffix: string) =>
        values.filter((value) => value.metricName?.endsWith(suffix)).reduce((sum, value) => sum + value.value, 0);
      const totals: ProbeTotals = {
        batches: total('_count'),
        batchEvents: total('_sum'),
        ingestTransactions: ingest.count,
        ingestTransactionMs: ingest.ms,
        spooled: (await gateway.metrics.spooled.get()).values[0]?.value ?? 0,
        peakQueued,
        otherQueries,
        statements: [...byStatement],
        alertsByRule: (
          await query<{ rule_id: string; n: number }>(
            'SELECT rule_id, count(*)::int AS n FROM alerts GROUP BY rule_id ORDER BY n DESC',
          ).catch(() => [])
        ).map((row): [string, number] => [row.rule_id, row.n]),
      };
      peakQueued = 0;
      return totals;
    },
  };
}
