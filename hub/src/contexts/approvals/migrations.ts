import type { Migration } from '@campus/storage';

export const APPROVALS_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'approval chains, requests and actions',
    up: () => `
      CREATE TABLE approval_chains (
        kind text PRIMARY KEY,
        steps jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE approval_requests (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        title text NOT NULL,
        requested_by bigint REFERENCES users (id),
        requester_name text NOT NULL,
        requester_department text,
        steps jsonb NOT NULL,
        current_step integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      );
      CREATE UNIQUE INDEX approval_requests_one_pending ON approval_requests (kind, subject_type, subject_id) WHERE status = 'pending';
      CREATE INDEX approval_requests_status ON approval_requests (status, kind, id);
      CREATE INDEX approval_requests_requester ON approval_requests (requested_by, id DESC);
      CREATE TABLE approval_actions (
        id bigserial PRIMARY KEY,
        request_id bigint NOT NULL REFERENCES approval_requests (id),
        step integer NOT NULL,
        actor_id bigint,
        actor_name text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('submit', 'approve', 'reject', 'comment', 'cancel')),
        comment text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX approval_actions_request ON approval_actions (request_id, id);`,
  },
];
