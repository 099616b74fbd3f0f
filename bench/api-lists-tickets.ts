import type { Db } from '@campus/storage';
import { encodeCursor } from '../hub/src/http/pagination.ts';
import type { ListBench } from './api-lists.ts';

/**
 * GET /api/maintenance/tickets for bench/api-lists.ts: tickets outnumber assets two to one
 * (200,000 at the default --rows 100000). Seeded in one INSERT … SELECT generate_series over
 * about two years, 10 % still open, plus a few old tickets stuck in the planner's queue so
 * the last pages of the open lists are timed too. Three readers: the planner (every ticket,
 * filters, deep cursors), a requester (own tickets) and a technician (assigned or own).
 */

const TICKETS_PER_ROW = 2;
const TECHNICIANS = 40;
const REQUESTERS = 2000;
const ASSETS = 20_000;

const ticketsFor = (rows: number) => rows * TICKETS_PER_ROW;
/** A seeded technician, known once seeded (the runner seeds before it asks for the queries). */
let sampleTechnician = 0;

async function firstUserId(db: Db, prefix: string, count: number, role: string): Promise<number> {
  const rows = await db.query<{ id: string | number }>(
    `INSERT INTO users (username, display_name, password_hash, roles)
     SELECT $1 || g, $1 || g, 'not-a-login', ARRAY[$2] FROM generate_series(1, $3::int) g RETURNING id`,
    [prefix, role, count],
  );
  return Number(rows[0]?.id);
}

async function userId(db: Db, username: string): Promise<number> {
  return Number((await db.query<{ id: string | number }>('SELECT id FROM users WHERE username = $1', [username]))[0]?.id);
}

async function seedTickets(db: Db, tickets: number): Promise<void> {
  const firstTechnician = await firstUserId(db, 'bench.tech.', TECHNICIANS, 'technician');
  const firstRequester = await firstUserId(db, 'bench.user.', REQUESTERS, 'requester');
  sampleTechnician = firstTechnician + 3;
  await db.query(
    `INSERT INTO maintenance_tickets (source, title, description, place_text, building_id, room_id, asset_id, fault_type, urgency,
       status, resolution, requester_id, requester_name, technician_id, dispatch_flag, dispatch_reason, respond_due_at, resolve_due_at,
       triaged_at, assigned_at, responded_at, resolved_at, closed_at, rating, labour_minutes, parts_cost, created_at, updated_at)
     SELECT (ARRAY['request','request','request','rule','inspection','facility','preventive'])[1 + g % 7],
       'Fault ' || g, 'Seeded ticket ' || g, 'Building ' || (g % 40) || ', room ' || (g % 300), 'b' || (g % 40), 'r' || (g % 300),
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'AST-' || ((g * 7919) % ${ASSETS}) END,
       (ARRAY['electrical','plumbing','hvac','elevator','carpentry','network','appliance','structure','other'])[1 + (g * 31) % 9],
       (ARRAY['low','normal','normal','normal','high','critical'])[1 + (g / 9) % 6],
       CASE WHEN open THEN (ARRAY['submitted','awaiting_assignment','assigned','scheduled','in_progress','awaiting_acceptance','rework'])[1 + g % 7]
         ELSE 'closed' END,
       CASE WHEN open THEN NULL ELSE (ARRAY['accepted','accepted','accepted','accepted','accepted','accepted','accepted','accepted','out_of_scope','cancelled'])[1 + g % 10] END,
       ${firstRequester} + (g * 13) % ${REQUESTERS}, 'Requester ' || ((g * 13) % ${REQUESTERS}),
       CASE WHEN open AND g % 7 < 2 THEN NULL ELSE ${firstTechnician} + (g * 11) % ${TECHNICIANS} END,
       CASE WHEN open AND g % 7 = 1 AND g % 3 = 0 THEN 'unassigned_no_qualified_technician' END,
       CASE WHEN open AND g % 7 = 1 AND g % 3 = 0 THEN 'no technician qualifies' END,
       created + interval '2 hours', created + interval '3 days', created + interval '10 minutes', created + interval '15 minutes',
       CASE WHEN open AND g % 7 < 3 THEN NULL ELSE created + (g % 5) * interval '1 hour' END,
       CASE WHEN open THEN NULL ELSE created + (g % 6) * interval '1 day' END,
       CASE WHEN open THEN NULL ELSE created + (g % 6) * interval '1 day' + interval '2 hours' END,
       CASE WHEN open THEN NULL ELSE 1 + g % 5 END, (g % 12) * 15, (g % 20) * 12.5, created, created
     FROM (SELECT g, g > $1::int AS open, now() - ($2::int - g) * interval '5 minutes' AS created
           FROM generate_series(1, $2::int) g) seed`,
    [Math.floor(tickets * 0.9), tickets],
  );
  // A few old tickets stuck in the planner's queue: the last pages of the open lists must find them fast.
  await db.query(
    `UPDATE maintenance_tickets SET status = 'awaiting_assignment', resolution = NULL, closed_at = NULL, technician_id = NULL,
       dispatch_flag = 'unassigned_no_qualified_technician' WHERE id % 20000 = 7 AND id < $1`,
    [Math.floor(tickets * 0.9)],
  );
  await db.exec('ANALYZE maintenance_tickets');
}

const URL = '/api/maintenance/tickets';

export const ticketLists: ListBench[] = [
  {
    name: 'GET /api/maintenance/tickets (planner)',
    role: 'maintenance_planner',
    seed: (db, rows) => seedTickets(db, ticketsFor(rows)),
    queries(rows) {
      const tickets = ticketsFor(rows);
      const deep = encodeCursor([Math.floor(tickets * 0.01)]);
      return [
        { label: 'first page', url: `${URL}?limit=50` },
        { label: 'filtered: status', url: `${URL}?status=in_progress&limit=50` },
        { label: 'filtered: technician + open', url: `${URL}?technicianId=${sampleTechnician}&open=true&limit=50` },
        { label: 'filtered: type + urgency', url: `${URL}?faultType=elevator&urgency=critical&limit=50` },
        { label: 'filtered: asset history', url: `${URL}?assetId=AST-4242&limit=50` },
        { label: 'filtered: overdue', url: `${URL}?overdue=true&limit=50` },
        { label: 'filtered: open + overdue', url: `${URL}?open=true&overdue=true&limit=50` },
        { label: 'filtered: no qualified technician', url: `${URL}?unassignable=true&limit=50` },
        {
          label: 'open, past the recent ones',
          url: `${URL}?open=true&limit=50&cursor=${encodeCursor([Math.floor(tickets * 0.9)])}`,
        },
        { label: 'deep cursor page (99 %)', url: `${URL}?limit=50&cursor=${deep}` },
        { label: 'deep cursor + filter', url: `${URL}?faultType=plumbing&limit=50&cursor=${deep}` },
      ];
    },
  },
  {
    name: 'GET /api/maintenance/tickets (requester)',
    role: 'requester',
    async seed(db) {
      await db.query('UPDATE maintenance_tickets SET requester_id = $1 WHERE id % 400 = 0', [
        await userId(db, 'bench-requester'),
      ]);
    },
    queries: () => [{ label: 'own tickets', url: `${URL}?limit=50` }],
  },
  {
    name: 'GET /api/maintenance/tickets (technician)',
    role: 'technician',
    async seed(db) {
      await db.query('UPDATE maintenance_tickets SET technician_id = $1 WHERE id % 400 = 200', [
        await userId(db, 'bench-technician'),
      ]);
    },
    queries: () => [
      { label: 'assigned or own, open', url: `${URL}?open=true&limit=50` },
      { label: 'assigned or own, all', url: `${URL}?limit=50` },
    ],
  },
];
