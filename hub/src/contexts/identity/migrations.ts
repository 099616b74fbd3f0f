import type { Migration } from '@campus/storage';

export const IDENTITY_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'departments, users, staff skills, certifications, shifts',
    up: () => `
      CREATE TABLE departments (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_zh text,
        parent_id text REFERENCES departments (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        department_id text REFERENCES departments (id),
        phone text,
        email text,
        active boolean NOT NULL DEFAULT true,
        token_version integer NOT NULL DEFAULT 0,
        must_change_password boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX users_department ON users (department_id);
      CREATE TABLE staff_skills (
        user_id bigint NOT NULL REFERENCES users (id),
        skill text NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        PRIMARY KEY (user_id, skill)
      );
      CREATE TABLE certifications (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        kind text NOT NULL,
        number text NOT NULL,
        issued_on date NOT NULL,
        expires_on date NOT NULL,
        status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX certifications_user ON certifications (user_id, kind);
      CREATE TABLE staff_shifts (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at)
      );
      CREATE INDEX staff_shifts_user ON staff_shifts (user_id, starts_at);`,
  },
];
