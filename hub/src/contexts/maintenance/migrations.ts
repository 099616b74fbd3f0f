import type { Migration } from '@campus/storage';

/**
 * Tickets carry their asset as free text (`asset_id`): the assets context is optional to this
 * one, and a ticket may name equipment that is not registered yet. Lists are read newest first
 * (`ORDER BY id DESC`) with one index per filter, each ending in `id` for keyset pages; the
 * overdue filter is a time-dependent expression, so it rides the primary key (bench:
 * bench/api-lists-tickets.ts, 200,000 tickets).
 */
export const MAINTENANCE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'maintenance tickets, history, work logs, parts, photos',
    up: () => `
      CREATE TABLE maintenance_tickets (
        id bigserial PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('request', 'rule', 'inspection', 'facility', 'safety_check', 'checkout', 'preventive')),
        title text NOT NULL,
        description text NOT NULL,
        place_text text NOT NULL,
        building_id text,
        room_id text,
        asset_id text,
        fault_type text CHECK (fault_type IN ('electrical', 'plumbing', 'hvac', 'elevator', 'carpentry', 'network', 'appliance', 'structure', 'other')),
        urgency text CHECK (urgency IN ('low', 'normal', 'high', 'critical')),
        job_flags text[] NOT NULL DEFAULT '{}',
        evidence jsonb,
        dedupe_key text,
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'awaiting_assignment', 'assigned', 'scheduled', 'in_progress', 'awaiting_acceptance', 'rework', 'closed')),
        resolution text CHECK (resolution IN ('accepted', 'out_of_scope', 'cancelled')),
        close_reason text,
        requester_id bigint REFERENCES users (id),
        requester_name text NOT NULL,
        department_id text REFERENCES departments (id),
        contact_phone text,
        technician_id bigint REFERENCES users (id),
        dispatch_flag text,
        dispatch_reason text,
        scheduled_at timestamptz,
        visit_place text,
        plan text,
        pending_change jsonb,
        respond_due_at timestamptz,
        resolve_due_at timestamptz,
        triaged_at timestamptz,
        assigned_at timestamptz,
        responded_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        feedback text,
        rework_count integer NOT NULL DEFAULT 0,
        labour_minutes integer NOT NULL DEFAULT 0,
        parts_cost numeric(14,2) NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'closed') = (resolution IS NOT NULL))
      );
      CREATE UNIQUE INDEX maintenance_tickets_open_dedupe ON maintenance_tickets (dedupe_key) WHERE dedupe_key IS NOT NULL AND status <> 'closed';
      CREATE INDEX maintenance_tickets_status ON maintenance_tickets (status, id);
      CREATE INDEX maintenance_tickets_requester ON maintenance_tickets (requester_id, id);
      CREATE INDEX maintenance_tickets_technician ON maintenance_tickets (technician_id, id);
      CREATE INDEX maintenance_tickets_asset ON maintenance_tickets (asset_id, id) WHERE asset_id IS NOT NULL;
      CREATE INDEX maintenance_tickets_fault_type ON maintenance_tickets (fault_type, id);
      CREATE INDEX maintenance_tickets_urgency ON maintenance_tickets (urgency, id);
      CREATE INDEX maintenance_tickets_source ON maintenance_tickets (source, id);
      CREATE INDEX maintenance_tickets_building ON maintenance_tickets (building_id, id) WHERE building_id IS NOT NULL;
      CREATE INDEX maintenance_tickets_created ON maintenance_tickets (created_at);
      CREATE INDEX maintenance_tickets_open ON maintenance_tickets (id) WHERE status <> 'closed';
      CREATE INDEX maintenance_tickets_unassignable ON maintenance_tickets (id) WHERE dispatch_flag IS NOT NULL;
      CREATE INDEX maintenance_tickets_workload ON maintenance_tickets (technician_id, urgency) WHERE status IN ('assigned', 'scheduled', 'in_progress', 'rework');
      CREATE TABLE maintenance_ticket_events (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES maintenance_tickets (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint,
        actor_name text NOT NULL,
        kind text NOT NULL,
        note text,
        data jsonb
      );
      CREATE INDEX maintenance_ticket_events_ticket ON maintenance_ticket_events (ticket_id, id);
      CREATE TABLE maintenance_work_logs (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES maintenance_tickets (id),
        technician_id bigint REFERENCES users (id),
        technician_name text NOT NULL,
        steps text NOT NULL,
        minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
        rework_round integer NOT NULL DEFAULT 0,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX maintenance_work_logs_ticket ON maintenance_work_logs (ticket_id, id);
      CREATE TABLE maintenance_parts (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES maintenance_tickets (id),
        work_log_id bigint NOT NULL REFERENCES maintenance_work_logs (id),
        name text NOT NULL,
        quantity numeric(12,3) NOT NULL CHECK (quantity > 0),
        cost numeric(14,2) NOT NULL CHECK (cost >= 0)
      );
      CREATE INDEX maintenance_parts_ticket ON maintenance_parts (ticket_id, id);
      CREATE TABLE maintenance_photos (
        id bigserial PRIMARY KEY,
        ticket_id bigint NOT NULL REFERENCES maintenance_tickets (id),
        uploaded_by bigint REFERENCES users (id),
        uploader_name text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes integer NOT NULL,
        sha256 text NOT NULL,
        path text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX maintenance_photos_ticket ON maintenance_photos (ticket_id, id);`,
  },
  {
    version: 2,
    name: 'planned work window',
    // MNT-3: the planner books the work into a window; the technician still confirms the visit.
    up: () => `
      ALTER TABLE maintenance_tickets
        ADD COLUMN planned_from timestamptz,
        ADD COLUMN planned_to timestamptz,
        ADD CONSTRAINT maintenance_tickets_planned_window CHECK (
          (planned_from IS NULL) = (planned_to IS NULL) AND (planned_from IS NULL OR planned_from < planned_to));`,
  },
];
