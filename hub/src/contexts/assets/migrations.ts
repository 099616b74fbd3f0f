import type { Migration } from '@campus/storage';

export const ASSETS_MIGRATIONS: Migration[] = [
  {
    version: 1,
    // Text search indexes the character bigrams of the search text itself (GIN over text[] is
    // core PostgreSQL): pg_trgm is not in the embedded store, and bigrams, unlike trigrams,
    // also index two-character Chinese words (空调, 电脑). LIKE rechecks the candidates.
    name: 'categories, the asset register, vouchers, sensors, history',
    up: () => `
      CREATE TABLE asset_categories (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_zh text,
        parent_code text REFERENCES asset_categories (code),
        path text NOT NULL,
        depreciation_method text NOT NULL CHECK (depreciation_method IN ('straight_line', 'double_declining', 'sum_of_years')),
        useful_life_months integer NOT NULL CHECK (useful_life_months BETWEEN 1 AND 1200),
        residual_rate numeric(5,4) NOT NULL CHECK (residual_rate >= 0 AND residual_rate < 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX asset_categories_path ON asset_categories (path text_pattern_ops);
      CREATE SEQUENCE asset_number_seq;
      CREATE TABLE assets (
        id text PRIMARY KEY,
        name text NOT NULL,
        category_code text NOT NULL REFERENCES asset_categories (code),
        model text,
        specification text,
        department_id text NOT NULL REFERENCES departments (id),
        location text,
        status text NOT NULL CHECK (status IN ('pending_acceptance', 'rejected', 'in_use', 'borrowed', 'under_maintenance', 'missing', 'pending_disposal', 'disposed')),
        status_before text,
        supplier_name text,
        purchase_date date NOT NULL,
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        opening_depreciation numeric(14,2) NOT NULL DEFAULT 0 CHECK (opening_depreciation >= 0),
        source_ref text,
        accepted_at timestamptz,
        disposed_at timestamptz,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_text text GENERATED ALWAYS AS (lower(id || ' ' || name || ' ' || coalesce(model, '') || ' ' || coalesce(specification, '') || ' ' || coalesce(location, '') || ' ' || coalesce(supplier_name, ''))) STORED
      );
      CREATE INDEX assets_department ON assets (department_id, id);
      CREATE INDEX assets_status ON assets (status, id);
      CREATE INDEX assets_category ON assets (category_code, id);
      CREATE INDEX assets_location ON assets (location text_pattern_ops);
      CREATE FUNCTION asset_search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}'::text[]) FROM generate_series(1, length(t) - 1) AS i $$;
      CREATE INDEX assets_search_grams ON assets USING gin (asset_search_grams(search_text));
      CREATE TABLE asset_vouchers (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        file_name text NOT NULL,
        stored_name text NOT NULL UNIQUE,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        uploaded_by bigint REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX asset_vouchers_asset ON asset_vouchers (asset_id, id);
      CREATE TABLE asset_sensors (
        device_id text PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        added_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX asset_sensors_asset ON asset_sensors (asset_id);
      CREATE TABLE asset_maintenance (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        kind text NOT NULL CHECK (kind IN ('started', 'completed', 'damage')),
        ref text,
        description text NOT NULL,
        cost numeric(14,2),
        charged_to text,
        recorded_by bigint,
        recorded_by_name text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX asset_maintenance_asset ON asset_maintenance (asset_id, id DESC);`,
  },
  {
    version: 2,
    name: 'borrowing, transfers, disposals',
    up: () => `
      CREATE TABLE asset_borrowings (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        borrower_id bigint REFERENCES users (id),
        borrower_name text NOT NULL,
        department_id text REFERENCES departments (id),
        purpose text NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'rejected', 'cancelled', 'borrowed', 'returned')),
        approval_request_id bigint,
        decision_note text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        lent_at timestamptz,
        returned_at timestamptz,
        return_condition text,
        returned_to bigint
      );
      CREATE INDEX asset_borrowings_asset ON asset_borrowings (asset_id, id DESC);
      CREATE UNIQUE INDEX asset_borrowings_one_open ON asset_borrowings (asset_id) WHERE status IN ('pending', 'borrowed');
      CREATE TABLE asset_transfers (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        from_department_id text NOT NULL REFERENCES departments (id),
        to_department_id text NOT NULL REFERENCES departments (id),
        to_location text,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
        approval_request_id bigint,
        requested_by bigint REFERENCES users (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decision_note text
      );
      CREATE INDEX asset_transfers_asset ON asset_transfers (asset_id, id DESC);
      CREATE UNIQUE INDEX asset_transfers_one_open ON asset_transfers (asset_id) WHERE status = 'pending';
      CREATE TABLE asset_disposals (
        id bigserial PRIMARY KEY,
        asset_id text NOT NULL REFERENCES assets (id),
        reason text NOT NULL,
        condition text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled', 'executed')),
        approval_request_id bigint,
        stocktake_id bigint,
        requested_by bigint REFERENCES users (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decision_note text,
        method text CHECK (method IN ('sale', 'donation', 'destruction', 'write_off')),
        proceeds numeric(14,2),
        buyer text,
        recipient text,
        destruction_method text,
        witness text,
        executed_on date,
        execution_notes text,
        executed_by bigint REFERENCES users (id),
        executed_at timestamptz
      );
      CREATE INDEX asset_disposals_asset ON asset_disposals (asset_id, id DESC);
      CREATE INDEX asset_disposals_status ON asset_disposals (status, id);
      CREATE UNIQUE INDEX asset_disposals_one_open ON asset_disposals (asset_id) WHERE status IN ('pending', 'approved');`,
  },
  {
    version: 3,
    name: 'stocktakes and depreciation',
    up: () => `
      CREATE TABLE asset_stocktakes (
        id bigserial PRIMARY KEY,
        title text NOT NULL,
        department_id text REFERENCES departments (id),
        category_code text REFERENCES asset_categories (code),
        location_prefix text,
        status text NOT NULL CHECK (status IN ('counting', 'closed')),
        planned_by bigint REFERENCES users (id),
        planned_at timestamptz NOT NULL DEFAULT now(),
        closed_by bigint REFERENCES users (id),
        closed_at timestamptz
      );
      CREATE TABLE asset_stocktake_lines (
        id bigserial PRIMARY KEY,
        stocktake_id bigint NOT NULL REFERENCES asset_stocktakes (id),
        asset_id text REFERENCES assets (id),
        expected boolean NOT NULL,
        expected_location text,
        description text,
        result text NOT NULL CHECK (result IN ('pending', 'found', 'not_found', 'extra')),
        found_location text,
        counted_by bigint,
        counted_at timestamptz,
        cause text,
        action text,
        resolved_by bigint,
        resolved_at timestamptz
      );
      CREATE INDEX asset_stocktake_lines_sheet ON asset_stocktake_lines (stocktake_id, id);
      CREATE UNIQUE INDEX asset_stocktake_lines_asset ON asset_stocktake_lines (stocktake_id, asset_id) WHERE asset_id IS NOT NULL;
      CREATE TABLE asset_depreciation_runs (
        period date PRIMARY KEY,
        run_by bigint,
        run_by_name text NOT NULL,
        run_at timestamptz NOT NULL DEFAULT now(),
        asset_count integer NOT NULL DEFAULT 0,
        total numeric(16,2) NOT NULL DEFAULT 0
      );
      CREATE TABLE asset_depreciation (
        asset_id text NOT NULL REFERENCES assets (id),
        period date NOT NULL REFERENCES asset_depreciation_runs (period),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        accumulated numeric(14,2) NOT NULL,
        book_value numeric(14,2) NOT NULL,
        method text NOT NULL,
        month_index integer NOT NULL,
        category_code text NOT NULL,
        department_id text NOT NULL,
        PRIMARY KEY (asset_id, period)
      );
      CREATE INDEX asset_depreciation_period ON asset_depreciation (period, asset_id);`,
  },
];
