import { fitsTextColumn, textArray, textColumn } from '@campus/gateway';

/**
 * The upsert that saves rule states, for ids `rule|site|key` and their states' JSON. Keys are
 * made of the device protocol's printable codes and JSON escapes control characters, so the
 * states travel as compact text columns, the ingest batches' format (the driver's array
 * serialiser was 2.6% of the hub's allocations at full rate). Should a key hold a column mark
 * (U+001E or U+001F: a building id typed with one, say), the driver's arrays carry that save
 * instead: one odd key must not shift every column and make every later save fail.
 */
export function ruleStateUpsert(ids: readonly string[], stateJson: (id: string) => string | undefined) {
  const parts = ids.map((id) => id.split('|'));
  const columns = [
    parts.map((p) => p[0] ?? ''),
    parts.map((p) => p[1] ?? ''),
    parts.map((p) => p.slice(2).join('|')),
    ids.map((id) => stateJson(id) ?? null),
  ];
  const conflict = 'ON CONFLICT (rule_id, site, key) DO UPDATE SET state = EXCLUDED.state, updated_at = now()';
  if (!ids.every(fitsTextColumn)) {
    return {
      sql: `INSERT INTO rule_state (rule_id, site, key, state)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) ${conflict}`,
      params: columns,
    };
  }
  return {
    sql: `INSERT INTO rule_state (rule_id, site, key, state)
          SELECT r, s, k, j::jsonb FROM unnest(${textArray(1)}, ${textArray(2)}, ${textArray(3)}, ${textArray(4)}) AS t(r, s, k, j)
          ${conflict}`,
    params: columns.map((column) => textColumn(column)),
  };
}
