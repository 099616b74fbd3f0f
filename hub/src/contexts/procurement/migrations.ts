import type { Migration } from '@campus/storage';

/**
 * Procurement (PRC-1..6). Lists read newest first (`ORDER BY id DESC`) with one index per
 * filter ending in `id` for keyset pages. Contract lines name their target (asset category or
 * stock item) as text: the assets and catering contexts are optional to this one.
 * `procurement_events` is the per-record history people read (a requisition's reviews, the
 * whole sourcing process of a request for quotes); the audit log keeps the before/after.
 */
export const PROCUREMENT_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'suppliers, budgets, requisitions, plans, sourcing, contracts, deliveries, payments',
    up: () => `
      CREATE TABLE procurement_suppliers (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_en text,
        category text NOT NULL CHECK (category IN ('food', 'equipment', 'services', 'other')),
        credit_code text,
        contact_name text,
        phone text,
        email text,
        address text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        reputation numeric(5,2) NOT NULL CHECK (reputation BETWEEN 0 AND 100),
        deliveries integer NOT NULL DEFAULT 0,
        on_time_deliveries integer NOT NULL DEFAULT 0,
        acceptances integer NOT NULL DEFAULT 0,
        passed_acceptances integer NOT NULL DEFAULT 0,
        complaints integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX procurement_suppliers_category ON procurement_suppliers (category, id);
      CREATE UNIQUE INDEX procurement_suppliers_credit_code ON procurement_suppliers (credit_code) WHERE credit_code IS NOT NULL;
      CREATE TABLE procurement_supplier_qualifications (
        id bigserial PRIMARY KEY,
        supplier_id text NOT NULL REFERENCES procurement_suppliers (id),
        kind text NOT NULL,
        number text NOT NULL,
        issued_on date,
        expires_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (supplier_id, kind, number)
      );
      CREATE INDEX procurement_qualifications_expiry ON procurement_supplier_qualifications (expires_on) WHERE expires_on IS NOT NULL;
      CREATE TABLE procurement_reputation_events (
        id bigserial PRIMARY KEY,
        supplier_id text NOT NULL REFERENCES procurement_suppliers (id),
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind IN ('delivery', 'acceptance', 'complaint')),
        observation numeric(5,2) NOT NULL,
        reputation_before numeric(5,2) NOT NULL,
        reputation_after numeric(5,2) NOT NULL,
        ref text
      );
      CREATE INDEX procurement_reputation_events_supplier ON procurement_reputation_events (supplier_id, id);
      CREATE TABLE procurement_budgets (
        department_id text NOT NULL REFERENCES departments (id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        committed numeric(14,2) NOT NULL DEFAULT 0,
        spent numeric(14,2) NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (department_id, year)
      );
      CREATE INDEX procurement_budgets_year ON procurement_budgets (year, department_id);
      CREATE TABLE procurement_plans (
        id bigserial PRIMARY KEY,
        title text NOT NULL,
        year integer NOT NULL,
        created_by bigint REFERENCES users (id),
        created_by_name text NOT NULL,
        settings jsonb NOT NULL,
        deferred jsonb NOT NULL,
        covered jsonb NOT NULL,
        budgets jsonb NOT NULL,
        warnings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE procurement_plan_lines (
        id bigserial PRIMARY KEY,
        plan_id bigint NOT NULL REFERENCES procurement_plans (id),
        line_no integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('goods', 'service')),
        item_key text NOT NULL,
        item_name text NOT NULL,
        specification text,
        item_ref text,
        unit text NOT NULL,
        requested_quantity numeric(14,3) NOT NULL,
        stock_offset numeric(14,3) NOT NULL,
        quantity numeric(14,3) NOT NULL CHECK (quantity > 0),
        estimated_amount numeric(14,2) NOT NULL,
        method text NOT NULL CHECK (method IN ('direct', 'rfq', 'tender')),
        needed_by date NOT NULL,
        start_by date NOT NULL,
        urgent boolean NOT NULL,
        allocations jsonb NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'sourcing', 'contracted', 'closed')),
        UNIQUE (plan_id, line_no)
      );
      CREATE INDEX procurement_plan_lines_status ON procurement_plan_lines (status, id);
      CREATE TABLE procurement_requisitions (
        id bigserial PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('person', 'rule')),
        department_id text NOT NULL REFERENCES departments (id),
        requester_id bigint REFERENCES users (id),
        requester_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('goods', 'service')),
        item_name text NOT NULL,
        specification text,
        quantity numeric(14,3) NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        budget numeric(14,2) CHECK (budget >= 0),
        reason text NOT NULL,
        item_ref text,
        needed_by date,
        dedupe_key text,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'planned', 'sourcing', 'contracted', 'closed', 'cancelled')),
        revision integer NOT NULL DEFAULT 0,
        approval_id bigint,
        return_reason text,
        close_reason text,
        plan_line_id bigint REFERENCES procurement_plan_lines (id),
        budget_year integer,
        committed_amount numeric(14,2) NOT NULL DEFAULT 0,
        submitted_at timestamptz,
        approved_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX procurement_requisitions_open_dedupe ON procurement_requisitions (dedupe_key) WHERE dedupe_key IS NOT NULL AND status NOT IN ('closed', 'cancelled');
      CREATE INDEX procurement_requisitions_status ON procurement_requisitions (status, id);
      CREATE INDEX procurement_requisitions_department ON procurement_requisitions (department_id, id);
      CREATE INDEX procurement_requisitions_department_status ON procurement_requisitions (department_id, status, id);
      CREATE INDEX procurement_requisitions_kind ON procurement_requisitions (kind, id);
      CREATE INDEX procurement_requisitions_source ON procurement_requisitions (source, id);
      CREATE INDEX procurement_requisitions_plan_line ON procurement_requisitions (plan_line_id) WHERE plan_line_id IS NOT NULL;
      CREATE TABLE procurement_rfqs (
        id bigserial PRIMARY KEY,
        number text NOT NULL UNIQUE,
        plan_line_id bigint NOT NULL REFERENCES procurement_plan_lines (id),
        title text NOT NULL,
        method text NOT NULL CHECK (method IN ('rfq', 'tender')),
        weights jsonb NOT NULL,
        required_qualifications text[] NOT NULL DEFAULT '{}',
        deadline timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'evaluated', 'awarded', 'cancelled')),
        awarded_bid_id bigint,
        award_justification text,
        cancel_reason text,
        created_by bigint REFERENCES users (id),
        created_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        evaluated_at timestamptz,
        awarded_at timestamptz
      );
      CREATE INDEX procurement_rfqs_status ON procurement_rfqs (status, id);
      CREATE INDEX procurement_rfqs_plan_line ON procurement_rfqs (plan_line_id, id);
      CREATE UNIQUE INDEX procurement_rfqs_live_per_line ON procurement_rfqs (plan_line_id) WHERE status <> 'cancelled';
      CREATE TABLE procurement_rfq_invitations (
        rfq_id bigint NOT NULL REFERENCES procurement_rfqs (id),
        supplier_id text NOT NULL REFERENCES procurement_suppliers (id),
        invited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rfq_id, supplier_id)
      );
      CREATE INDEX procurement_rfq_invitations_supplier ON procurement_rfq_invitations (supplier_id, rfq_id);
      CREATE TABLE procurement_bids (
        id bigserial PRIMARY KEY,
        rfq_id bigint NOT NULL REFERENCES procurement_rfqs (id),
        supplier_id text NOT NULL REFERENCES procurement_suppliers (id),
        price numeric(14,2) NOT NULL CHECK (price > 0),
        delivery_days integer NOT NULL CHECK (delivery_days BETWEEN 0 AND 3650),
        notes text,
        recorded_by_name text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        qualification_score numeric(6,2),
        price_score numeric(6,2),
        reputation_score numeric(6,2),
        total_score numeric(6,2),
        rank integer,
        UNIQUE (rfq_id, supplier_id)
      );
      CREATE TABLE procurement_contracts (
        id bigserial PRIMARY KEY,
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        signed_on date NOT NULL,
        supplier_id text NOT NULL REFERENCES procurement_suppliers (id),
        rfq_id bigint REFERENCES procurement_rfqs (id),
        plan_line_id bigint REFERENCES procurement_plan_lines (id),
        department_id text NOT NULL REFERENCES departments (id),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        payment_terms text NOT NULL,
        budget_year integer NOT NULL,
        department_shares jsonb NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'terminated')),
        created_by bigint REFERENCES users (id),
        created_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE INDEX procurement_contracts_status ON procurement_contracts (status, id);
      CREATE INDEX procurement_contracts_supplier ON procurement_contracts (supplier_id, id);
      CREATE INDEX procurement_contracts_department ON procurement_contracts (department_id, id);
      CREATE UNIQUE INDEX procurement_contracts_per_plan_line ON procurement_contracts (plan_line_id) WHERE plan_line_id IS NOT NULL AND status <> 'terminated';
      CREATE TABLE procurement_contract_lines (
        id bigserial PRIMARY KEY,
        contract_id bigint NOT NULL REFERENCES procurement_contracts (id),
        line_no integer NOT NULL,
        item_name text NOT NULL,
        specification text,
        quantity numeric(14,3) NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        unit_price numeric(14,2) NOT NULL CHECK (unit_price >= 0),
        amount numeric(14,2) NOT NULL,
        target_kind text NOT NULL CHECK (target_kind IN ('asset_category', 'stock_item', 'service')),
        target_ref text,
        due_on date,
        delivered_quantity numeric(14,3) NOT NULL DEFAULT 0,
        accepted_quantity numeric(14,3) NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at timestamptz,
        UNIQUE (contract_id, line_no),
        CHECK ((target_kind = 'service') = (target_ref IS NULL))
      );
      CREATE TABLE procurement_instalments (
        id bigserial PRIMARY KEY,
        contract_id bigint NOT NULL REFERENCES procurement_contracts (id),
        seq integer NOT NULL,
        label text NOT NULL,
        percent numeric(5,2) NOT NULL,
        amount numeric(14,2) NOT NULL,
        due_on date NOT NULL,
        paid_amount numeric(14,2) NOT NULL DEFAULT 0,
        paid_on date,
        UNIQUE (contract_id, seq)
      );
      CREATE INDEX procurement_instalments_unpaid ON procurement_instalments (due_on, id) WHERE paid_on IS NULL;
      CREATE TABLE procurement_payments (
        id bigserial PRIMARY KEY,
        instalment_id bigint NOT NULL REFERENCES procurement_instalments (id),
        contract_id bigint NOT NULL REFERENCES procurement_contracts (id),
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        paid_on date NOT NULL,
        reference text,
        recorded_by bigint REFERENCES users (id),
        recorded_by_name text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX procurement_payments_instalment ON procurement_payments (instalment_id, id);
      CREATE TABLE procurement_deliveries (
        id bigserial PRIMARY KEY,
        contract_id bigint NOT NULL REFERENCES procurement_contracts (id),
        line_id bigint NOT NULL REFERENCES procurement_contract_lines (id),
        quantity numeric(14,3) NOT NULL CHECK (quantity > 0),
        delivered_on date NOT NULL,
        batch text NOT NULL,
        note text,
        days_late integer NOT NULL DEFAULT 0,
        received_by bigint REFERENCES users (id),
        received_by_name text NOT NULL,
        acceptance text NOT NULL DEFAULT 'pending' CHECK (acceptance IN ('pending', 'passed', 'failed')),
        accepted_quantity numeric(14,3),
        acceptance_note text,
        accepted_by_name text,
        accepted_at timestamptz,
        receipt jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX procurement_deliveries_contract ON procurement_deliveries (contract_id, id);
      CREATE INDEX procurement_deliveries_line ON procurement_deliveries (line_id, id);
      CREATE TABLE procurement_issues (
        id bigserial PRIMARY KEY,
        contract_id bigint NOT NULL REFERENCES procurement_contracts (id),
        delivery_id bigint REFERENCES procurement_deliveries (id),
        kind text NOT NULL CHECK (kind IN ('late_delivery', 'quality', 'quantity', 'documentation', 'payment', 'complaint', 'other')),
        description text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        handling text,
        raised_by_name text NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        resolved_by_name text,
        resolved_at timestamptz
      );
      CREATE INDEX procurement_issues_contract ON procurement_issues (contract_id, id);
      CREATE INDEX procurement_issues_open ON procurement_issues (status, id);
      CREATE TABLE procurement_events (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint,
        actor_name text NOT NULL,
        kind text NOT NULL,
        note text,
        data jsonb
      );
      CREATE INDEX procurement_events_entity ON procurement_events (entity_type, entity_id, id);`,
  },
];
