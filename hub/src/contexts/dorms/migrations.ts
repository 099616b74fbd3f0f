import type { Migration } from '@campus/storage';

/**
 * Dormitories (regulation §6, DRM-1..7).
 *
 * THE GATE CONTRACT — view `gate_card_access (card_id text, gate_device_id text, allowed boolean, reason text)`
 *
 * The gateway answers a gate's authorization request with
 *   SELECT allowed, reason FROM gate_card_access WHERE card_id = $1 AND gate_device_id = $2
 * and stores the swipe in `gate_swipes` with that decision. The view has one row for every
 * card × every gate assigned to a building (`building_gates`); a card or gate not in it has no
 * row, which the gateway must treat as refused ('unknown_card' / 'unknown_gate', its words).
 * It is evaluated at query time (now()), so nothing needs refreshing when time passes.
 *
 * Cards are the dorm's `access_cards` plus cards named only on a visitor pass (a desk card
 * given to a visitor). `reason`, checked in this order, the first that applies:
 *   revoked        the card was revoked (e.g. at check-out)              → refused
 *   lost           the card was reported lost                            → refused
 *   not_yet_valid  before the card's valid_from                          → refused
 *   expired        at or after the card's valid_to                       → refused
 *   resident       the holder is checked in to a bed of this building    → ALLOWED
 *   visitor_pass   an active visitor pass for this card and building is valid now → ALLOWED
 *   no_valid_pass  a visitor-only card without a pass valid here now     → refused
 *   checked_out    the holder has checked out                            → refused
 *   other_building the holder is checked in, in another building         → refused
 *   not_checked_in the holder is allocated or pending, not yet checked in → refused
 * `allowed` is true exactly for 'resident' and 'visitor_pass'. New reasons may be added later;
 * consumers must treat any reason they do not know as refused and show it as it is.
 * Leave (dorm_leaves) never blocks entry: a resident back early is let in.
 *
 * Swipes are joined back to residents by card: see the movements and occupancy reads.
 */
export const DORMS_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'buildings, rooms, beds, facility register, residents, notifications',
    up: () => `
      CREATE TABLE dorm_buildings (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_en text,
        gender text NOT NULL CHECK (gender IN ('male', 'female', 'mixed')),
        floors integer NOT NULL CHECK (floors BETWEEN 1 AND 60),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dorm_floors (
        building_id text NOT NULL REFERENCES dorm_buildings (id),
        floor integer NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        PRIMARY KEY (building_id, floor)
      );
      CREATE TABLE dorm_rooms (
        id text PRIMARY KEY,
        building_id text NOT NULL REFERENCES dorm_buildings (id),
        floor integer NOT NULL,
        number text NOT NULL,
        status text NOT NULL DEFAULT 'in_use' CHECK (status IN ('in_use', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (building_id, number)
      );
      CREATE INDEX dorm_rooms_floor ON dorm_rooms (building_id, floor, id);
      CREATE TABLE dorm_beds (
        id text PRIMARY KEY,
        room_id text NOT NULL REFERENCES dorm_rooms (id),
        label text NOT NULL,
        UNIQUE (room_id, label)
      );
      CREATE TABLE dorm_facility_items (
        id bigserial PRIMARY KEY,
        room_id text NOT NULL REFERENCES dorm_rooms (id),
        kind text NOT NULL,
        label text NOT NULL,
        asset_id text,
        condition text NOT NULL DEFAULT 'ok' CHECK (condition IN ('ok', 'damaged', 'missing')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_facility_items_room ON dorm_facility_items (room_id, id);
      CREATE INDEX dorm_facility_items_asset ON dorm_facility_items (asset_id) WHERE asset_id IS NOT NULL;
      CREATE TABLE dorm_residents (
        id bigserial PRIMARY KEY,
        person_no text NOT NULL UNIQUE,
        kind text NOT NULL DEFAULT 'student' CHECK (kind IN ('student', 'staff')),
        name text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        cohort text,
        phone text,
        id_last4 text,
        user_id bigint UNIQUE REFERENCES users (id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'allocated', 'checked_in', 'checked_out')),
        bed_id text UNIQUE REFERENCES dorm_beds (id),
        allocation_run_id bigint,
        allocated_at timestamptz,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status IN ('allocated', 'checked_in')) = (bed_id IS NOT NULL))
      );
      CREATE INDEX dorm_residents_status ON dorm_residents (status, id);
      CREATE INDEX dorm_residents_cohort ON dorm_residents (cohort, id);
      CREATE INDEX dorm_residents_name ON dorm_residents (name, id);
      CREATE TABLE dorm_allocation_runs (
        id bigserial PRIMARY KEY,
        run_by bigint REFERENCES users (id),
        run_by_name text NOT NULL,
        options jsonb NOT NULL,
        summary jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dorm_notifications (
        id bigserial PRIMARY KEY,
        resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        kind text NOT NULL,
        title_en text NOT NULL,
        title_zh text NOT NULL,
        body_en text NOT NULL,
        body_zh text NOT NULL,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      );
      CREATE INDEX dorm_notifications_resident ON dorm_notifications (resident_id, id DESC);`,
  },
  {
    version: 2,
    name: 'condition reports, check-outs, leave, visitor passes, facility faults',
    up: () => `
      CREATE TABLE dorm_condition_reports (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('check_in', 'check_out')),
        resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        room_id text NOT NULL REFERENCES dorm_rooms (id),
        bed_id text NOT NULL REFERENCES dorm_beds (id),
        checkout_id bigint,
        items jsonb NOT NULL,
        charged numeric(14, 2) NOT NULL DEFAULT 0,
        recorded_by bigint REFERENCES users (id),
        recorded_by_name text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_condition_reports_resident ON dorm_condition_reports (resident_id, id DESC);
      CREATE TABLE dorm_checkouts (
        id bigserial PRIMARY KEY,
        resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled', 'completed')),
        reason text NOT NULL,
        planned_on date,
        approval_id bigint REFERENCES approval_requests (id),
        requested_by bigint REFERENCES users (id),
        requested_by_name text NOT NULL,
        decision_note text,
        report_id bigint REFERENCES dorm_condition_reports (id),
        charged numeric(14, 2),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        completed_at timestamptz
      );
      CREATE UNIQUE INDEX dorm_checkouts_open ON dorm_checkouts (resident_id) WHERE status IN ('requested', 'approved');
      CREATE INDEX dorm_checkouts_status ON dorm_checkouts (status, id DESC);
      CREATE INDEX dorm_checkouts_resident ON dorm_checkouts (resident_id, id DESC);
      CREATE TABLE dorm_leaves (
        id bigserial PRIMARY KEY,
        resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        reason text NOT NULL,
        destination text,
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled')),
        approval_id bigint REFERENCES approval_requests (id),
        requested_by bigint REFERENCES users (id),
        requested_by_name text NOT NULL,
        decision_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      );
      CREATE INDEX dorm_leaves_resident ON dorm_leaves (resident_id, starts_at DESC);
      CREATE INDEX dorm_leaves_status ON dorm_leaves (status, id DESC);
      CREATE INDEX dorm_leaves_approved ON dorm_leaves (ends_at, starts_at) WHERE status = 'approved';
      CREATE TABLE dorm_visitor_passes (
        id bigserial PRIMARY KEY,
        host_resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        building_id text NOT NULL REFERENCES dorm_buildings (id),
        visitor_name text NOT NULL,
        visitor_phone text,
        card_id text,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL CHECK (valid_to > valid_from),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        issued_by bigint REFERENCES users (id),
        issued_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX dorm_visitor_passes_card ON dorm_visitor_passes (card_id, building_id) WHERE card_id IS NOT NULL;
      CREATE INDEX dorm_visitor_passes_valid ON dorm_visitor_passes (valid_to DESC, id DESC);
      CREATE INDEX dorm_visitor_passes_host ON dorm_visitor_passes (host_resident_id, id DESC);
      CREATE TABLE dorm_facility_faults (
        id bigserial PRIMARY KEY,
        item_id bigint NOT NULL REFERENCES dorm_facility_items (id),
        description text NOT NULL,
        reported_by bigint REFERENCES users (id),
        reporter_name text NOT NULL,
        ticket_id bigint NOT NULL,
        ticket_created boolean NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_facility_faults_item ON dorm_facility_faults (item_id, id DESC);`,
  },
  {
    version: 3,
    name: 'inspection plans, inspections, safety checks',
    up: () => `
      CREATE TABLE dorm_inspection_plans (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        building_id text REFERENCES dorm_buildings (id),
        every_days integer NOT NULL CHECK (every_days BETWEEN 1 AND 366),
        checklist jsonb NOT NULL,
        starts_on date NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dorm_inspections (
        id bigserial PRIMARY KEY,
        plan_id bigint REFERENCES dorm_inspection_plans (id),
        building_id text NOT NULL REFERENCES dorm_buildings (id),
        inspector_id bigint REFERENCES users (id),
        inspector_name text NOT NULL,
        checklist jsonb NOT NULL DEFAULT '[]',
        notes text,
        performed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_inspections_plan ON dorm_inspections (plan_id, performed_at DESC);
      CREATE INDEX dorm_inspections_building ON dorm_inspections (building_id, id DESC);
      CREATE INDEX dorm_inspections_recent ON dorm_inspections (id DESC);
      CREATE TABLE dorm_inspection_findings (
        id bigserial PRIMARY KEY,
        inspection_id bigint NOT NULL REFERENCES dorm_inspections (id),
        room_id text REFERENCES dorm_rooms (id),
        facility_item_id bigint REFERENCES dorm_facility_items (id),
        description text NOT NULL,
        fault_type text,
        urgency text,
        ticket_id bigint,
        ticket_created boolean
      );
      CREATE INDEX dorm_inspection_findings_inspection ON dorm_inspection_findings (inspection_id, id);
      CREATE TABLE dorm_safety_checks (
        id bigserial PRIMARY KEY,
        room_id text NOT NULL REFERENCES dorm_rooms (id),
        status text NOT NULL CHECK (status IN ('passed', 'rectifying', 'closed')),
        deadline timestamptz,
        notes text,
        checked_by bigint REFERENCES users (id),
        checked_by_name text NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        reinspections integer NOT NULL DEFAULT 0,
        closed_at timestamptz,
        CHECK (status <> 'rectifying' OR deadline IS NOT NULL)
      );
      CREATE INDEX dorm_safety_checks_status ON dorm_safety_checks (status, id DESC);
      CREATE INDEX dorm_safety_checks_open ON dorm_safety_checks (deadline) WHERE status = 'rectifying';
      CREATE INDEX dorm_safety_checks_room ON dorm_safety_checks (room_id, id DESC);
      CREATE TABLE dorm_safety_findings (
        id bigserial PRIMARY KEY,
        check_id bigint NOT NULL REFERENCES dorm_safety_checks (id),
        kind text NOT NULL,
        description text NOT NULL,
        ticket_id bigint
      );
      CREATE INDEX dorm_safety_findings_check ON dorm_safety_findings (check_id, id);
      CREATE TABLE dorm_safety_photos (
        id bigserial PRIMARY KEY,
        check_id bigint NOT NULL REFERENCES dorm_safety_checks (id),
        phase text NOT NULL CHECK (phase IN ('before', 'after')),
        content_type text NOT NULL,
        bytes integer NOT NULL,
        sha256 text NOT NULL,
        path text NOT NULL,
        uploaded_by bigint REFERENCES users (id),
        uploader_name text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_safety_photos_check ON dorm_safety_photos (check_id, id);
      CREATE TABLE dorm_safety_reinspections (
        id bigserial PRIMARY KEY,
        check_id bigint NOT NULL REFERENCES dorm_safety_checks (id),
        passed boolean NOT NULL,
        note text NOT NULL,
        new_deadline timestamptz,
        inspector_id bigint REFERENCES users (id),
        inspector_name text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dorm_safety_reinspections_check ON dorm_safety_reinspections (check_id, id);`,
  },
  {
    version: 4,
    name: 'access cards, building gates, the gate_card_access view',
    up: () => `
      CREATE TABLE access_cards (
        card_id text PRIMARY KEY,
        resident_id bigint NOT NULL REFERENCES dorm_residents (id),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'lost')),
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_to timestamptz,
        revoked_reason text,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to > valid_from)
      );
      CREATE INDEX access_cards_resident ON access_cards (resident_id);
      CREATE TABLE building_gates (
        device_id text PRIMARY KEY,
        building_id text NOT NULL REFERENCES dorm_buildings (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX building_gates_building ON building_gates (building_id);
      CREATE VIEW gate_card_access AS
        SELECT c.card_id, g.device_id AS gate_device_id, d.reason IN ('resident', 'visitor_pass') AS allowed, d.reason
        FROM (
          SELECT a.card_id, a.resident_id, a.status, a.valid_from, a.valid_to FROM access_cards a
          UNION ALL
          SELECT DISTINCT p.card_id, NULL::bigint, 'visitor'::text, NULL::timestamptz, NULL::timestamptz FROM dorm_visitor_passes p
          WHERE p.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM access_cards a WHERE a.card_id = p.card_id)
        ) c
        CROSS JOIN building_gates g
        LEFT JOIN dorm_residents r ON r.id = c.resident_id
        LEFT JOIN dorm_beds b ON b.id = r.bed_id
        LEFT JOIN dorm_rooms rm ON rm.id = b.room_id
        CROSS JOIN LATERAL (
          SELECT CASE
            WHEN c.status = 'revoked' THEN 'revoked'
            WHEN c.status = 'lost' THEN 'lost'
            WHEN c.valid_from > now() THEN 'not_yet_valid'
            WHEN c.valid_to <= now() THEN 'expired'
            WHEN r.status = 'checked_in' AND rm.building_id = g.building_id THEN 'resident'
            WHEN EXISTS (
              SELECT 1 FROM dorm_visitor_passes p
              WHERE p.card_id = c.card_id AND p.building_id = g.building_id AND p.status = 'active'
                AND p.valid_from <= now() AND p.valid_to > now()
            ) THEN 'visitor_pass'
            WHEN c.resident_id IS NULL THEN 'no_valid_pass'
            WHEN r.status = 'checked_out' THEN 'checked_out'
            WHEN r.status = 'checked_in' THEN 'other_building'
            ELSE 'not_checked_in'
          END::text AS reason
        ) d;`,
  },
];
