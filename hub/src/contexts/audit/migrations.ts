import type { Migration } from '@campus/storage';

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'append-only audit log',
    up: () => `
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint,
        actor_name text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        ip text
      );
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id DESC);
      CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC);
      CREATE INDEX audit_log_at ON audit_log (at DESC);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();`,
  },
];
