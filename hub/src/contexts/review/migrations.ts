import type { Migration } from '@campus/storage';

export const REVIEW_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'review policies, the sampling queue and corrections',
    up: () => `
      CREATE TABLE review_policies (
        entity_type text PRIMARY KEY,
        sample_rate numeric(5,4) NOT NULL CHECK (sample_rate >= 0 AND sample_rate <= 1),
        updated_by bigint,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE review_items (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'passed', 'corrected')),
        entered_by bigint,
        entered_by_name text NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        reviewer_id bigint,
        reviewer_name text,
        reviewed_at timestamptz,
        notes text,
        UNIQUE (entity_type, entity_id)
      );
      CREATE INDEX review_items_queue ON review_items (status, id);
      CREATE TABLE review_corrections (
        id bigserial PRIMARY KEY,
        item_id bigint NOT NULL REFERENCES review_items (id),
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        notes text,
        corrected_by bigint,
        corrected_by_name text NOT NULL,
        corrected_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX review_corrections_item ON review_corrections (item_id, id);`,
  },
];
