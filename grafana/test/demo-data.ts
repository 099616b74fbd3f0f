import type { Queryable } from '@campus/storage';

/**
 * A day of campus data for the dashboards' query test, written with plain SQL that runs on
 * TimescaleDB and PostgreSQL alike: every device kind, denials with reasons, orders across the
 * meal periods, stock drawn down on the scales, telemetry with one spike (an anomaly), and
 * dead letters of several reasons. The device ids are the gateway test devices'.
 */
export const DEMO_SITE = 'testsite';
export const DEMO_HOURS = 24;

export async function writeDemoHistory(db: Queryable, now: Date): Promise<void> {
  const at = [now.toISOString(), DEMO_SITE];
  await db.query(
    `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted, reason)
     SELECT t, t, $2, CASE WHEN i % 2 = 0 THEN 'gate-t1' ELSE 'gate-t2' END, 'demo-' || i, 'C' || (1000 + i % 50),
            CASE WHEN i % 3 = 0 THEN 'out' ELSE 'in' END, i % 17 <> 0,
            CASE WHEN i % 17 = 0 THEN (ARRAY['card_expired', 'curfew', 'unknown_card'])[1 + i % 3] END
     FROM generate_series(1, 720) AS i, LATERAL (SELECT $1::timestamptz - i * INTERVAL '2 minutes' AS t) AS x`,
    at,
  );
  await db.query(
    `INSERT INTO terminal_orders (ts, received_at, site, device_id, event_id, order_id, items, total, payer_card, meal_period)
     SELECT t, t, $2, 'pos-t1', 'demo-' || i, 'O-demo-' || i,
            jsonb_build_array(
              jsonb_build_object('dishId', (ARRAY['D-rice', 'D-noodles', 'D-pork', 'D-tofu'])[1 + i % 4], 'quantity', 1 + i % 3, 'unitPrice', 4.5),
              jsonb_build_object('dishId', 'D-soup', 'quantity', 1, 'unitPrice', 2)),
            (1 + i % 3) * 4.5 + 2, 'C2' || (i % 100), (ARRAY['breakfast', 'lunch', 'dinner', 'late_night'])[1 + i % 4]
     FROM generate_series(1, 144) AS i, LATERAL (SELECT $1::timestamptz - i * INTERVAL '10 minutes' AS t) AS x`,
    at,
  );
  await db.query(
    `INSERT INTO scale_readings (ts, received_at, site, device_id, event_id, item_id, gross, net, unit, net_kg)
     SELECT t, t, $2, 'scale-t1', 'demo-' || item || '-' || i, item, 40, 10 + i * 0.05, 'kg', 10 + i * 0.05
     FROM generate_series(1, 288) AS i CROSS JOIN (VALUES ('flour'), ('rice')) AS items (item),
          LATERAL (SELECT $1::timestamptz - i * INTERVAL '5 minutes' AS t) AS x`,
    at,
  );
  // One reading a minute of two metrics on two assets; A-CH-01 overheats for one minute.
  await db.query(
    `INSERT INTO sensor_readings (ts, received_at, site, device_id, event_id, asset_id, metric, value, unit)
     SELECT t, t, $2, 'sensor-t1', 'demo-' || asset || '-' || i, asset, m.metric,
            CASE WHEN m.metric = 'temperature' AND asset = 'A-CH-01' AND i = 100 THEN 25
                 WHEN m.metric = 'temperature' THEN 7 + 0.3 * sin(i / 30.0)
                 ELSE 2 + 0.1 * cos(i / 20.0) END,
            m.unit
     FROM generate_series(1, 1440) AS i
          CROSS JOIN (VALUES ('A-CH-01'), ('A-BOILER-02')) AS assets (asset)
          CROSS JOIN (VALUES ('temperature', '°C'), ('vibration', 'mm/s')) AS m (metric, unit),
          LATERAL (SELECT $1::timestamptz - i * INTERVAL '1 minute' AS t) AS x`,
    at,
  );
  await db.query(
    `INSERT INTO dead_letters (received_at, device_id, topic, reason, detail, payload)
     SELECT $1::timestamptz - i * INTERVAL '37 minutes', CASE WHEN i % 4 = 0 THEN NULL ELSE 'gate-t1' END,
            'campus/' || $2 || '/gate/gate-t1/swipe',
            (ARRAY['malformed_json', 'schema_invalid', 'clock_skew', 'unknown_device'])[1 + i % 4], 'demo reject', '\\x00'::bytea
     FROM generate_series(1, 30) AS i`,
    at,
  );
}

/** Materializes the continuous aggregates (TimescaleDB only), so panels read both stored and real-time buckets. */
export async function refreshRollups(db: Queryable): Promise<void> {
  for (const view of ['gate_swipes_5m', 'terminal_orders_1m', 'scale_readings_5m', 'sensor_readings_1m']) {
    await db.query(`CALL refresh_continuous_aggregate('${view}', NULL, NULL)`);
  }
}

/**
 * Demo rows for the domain tables that exist already (each guarded: a table that has not
 * landed yet is simply absent). Columns as the owning context's migrations define them.
 */
export async function writeDomainDemo(db: Queryable, now: Date, relations: ReadonlySet<string>): Promise<void> {
  if (relations.has('alerts')) {
    // hub/src/contexts/alerts/migrations.ts: one open episode per rule and subject.
    await db.query(
      `INSERT INTO alerts (rule_id, category, subject, site, severity, title, message, status, raised_at, last_seen_at)
       SELECT CASE WHEN i % 2 = 0 THEN 'access.repeated_denials' ELSE 'equipment.temperature_high' END,
              CASE WHEN i % 2 = 0 THEN 'access' ELSE 'equipment' END,
              CASE WHEN i % 2 = 0 THEN 'gate-t' || i ELSE 'A-CH-0' || i END, $2, 'warning', 'Demo alert ' || i, 'demo',
              CASE WHEN i <= 2 THEN 'resolved' ELSE 'raised' END,
              $1::timestamptz - i * INTERVAL '50 minutes', $1::timestamptz - i * INTERVAL '40 minutes'
       FROM generate_series(1, 6) AS i`,
      [now.toISOString(), DEMO_SITE],
    );
  }
  if (relations.has('maintenance_tickets')) {
    // hub/src/contexts/maintenance/migrations.ts: closed tickets need a resolution.
    await db.query(
      `INSERT INTO maintenance_tickets (source, title, description, place_text, building_id, asset_id, fault_type, urgency,
                                        status, resolution, requester_name, created_at, resolved_at, closed_at)
       SELECT CASE WHEN i % 3 = 0 THEN 'rule' ELSE 'request' END, 'Demo ticket ' || i, 'demo', 'Room ' || (100 + i),
              (ARRAY['dorm-1', 'dorm-2', 'canteen'])[1 + i % 3], CASE WHEN i % 2 = 1 THEN 'A-CH-01' END,
              (ARRAY['electrical', 'plumbing', 'hvac', 'appliance'])[1 + i % 4], 'normal',
              CASE WHEN i <= 4 THEN 'closed' ELSE 'in_progress' END, CASE WHEN i <= 4 THEN 'accepted' END, 'Demo requester',
              $1::timestamptz - i * INTERVAL '5 hours',
              CASE WHEN i <= 4 THEN $1::timestamptz - i * INTERVAL '5 hours' + INTERVAL '3 hours' END,
              CASE WHEN i <= 4 THEN $1::timestamptz - i * INTERVAL '5 hours' + INTERVAL '4 hours' END
       FROM generate_series(1, 8) AS i`,
      [now.toISOString()],
    );
  }
}
