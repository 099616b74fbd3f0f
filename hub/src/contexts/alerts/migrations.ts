import type { Migration } from '@campus/storage';

export const ALERT_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'alerts, duty rota, escalation policies, notifications',
    up: () => `
      CREATE TABLE alerts (
        id bigserial PRIMARY KEY,
        rule_id text NOT NULL,
        category text NOT NULL CHECK (category IN ('access', 'stock', 'equipment', 'ingest')),
        subject text NOT NULL,
        site text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical', 'emergency')),
        title text NOT NULL,
        message text NOT NULL,
        evidence jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'raised' CHECK (status IN ('raised', 'acknowledged', 'resolved')),
        occurrences integer NOT NULL DEFAULT 1,
        raised_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        acknowledged_by bigint REFERENCES users (id),
        acknowledged_at timestamptz,
        resolved_by bigint REFERENCES users (id),
        resolved_at timestamptz,
        resolution_note text,
        escalation_level integer NOT NULL DEFAULT 0,
        escalated_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX alerts_one_open_episode ON alerts (rule_id, subject) WHERE status <> 'resolved';
      CREATE INDEX alerts_open ON alerts (site, status, severity, id DESC);
      CREATE INDEX alerts_recent ON alerts (id DESC);
      CREATE TABLE duty_rota (
        id bigserial PRIMARY KEY,
        site text NOT NULL,
        category text NOT NULL,
        user_id bigint NOT NULL REFERENCES users (id),
        position integer NOT NULL CHECK (position >= 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at)
      );
      CREATE INDEX duty_rota_now ON duty_rota (site, category, starts_at, ends_at);
      CREATE TABLE alert_policies (
        site text NOT NULL,
        severity text NOT NULL,
        ack_within_minutes integer NOT NULL CHECK (ack_within_minutes > 0),
        PRIMARY KEY (site, severity)
      );
      CREATE TABLE alert_notifications (
        id bigserial PRIMARY KEY,
        alert_id bigint NOT NULL REFERENCES alerts (id),
        user_id bigint REFERENCES users (id),
        kind text NOT NULL CHECK (kind IN ('raised', 'escalated')),
        escalation_level integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX alert_notifications_user ON alert_notifications (user_id, id DESC);`,
  },
];
