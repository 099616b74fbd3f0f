import type { Role } from '@campus/protocol';
import type { Queryable } from '@campus/storage';

export interface UserRow {
  id: string | number;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  department_id: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  token_version: number;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS =
  'id, username, display_name, password_hash, roles, department_id, phone, email, active, token_version, must_change_password, created_at, updated_at';

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]))[0];
}

export async function findUserById(db: Queryable, id: number): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]))[0];
}

export async function countUsers(db: Queryable): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM users'))[0]?.n ?? 0);
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  departmentId: string | null;
  phone: string | null;
  email: string | null;
  mustChangePassword: boolean;
}

export async function insertUser(tx: Queryable, user: NewUser): Promise<UserRow> {
  const rows = await tx.query<UserRow>(
    `INSERT INTO users (username, display_name, password_hash, roles, department_id, phone, email, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${USER_COLUMNS}`,
    [
      user.username,
      user.displayName,
      user.passwordHash,
      user.roles,
      user.departmentId,
      user.phone,
      user.email,
      user.mustChangePassword,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into users returned nothing');
  return row;
}

export interface UserChanges {
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  departmentId?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  active?: boolean | undefined;
}

/** Changing roles or deactivating also bumps the token version: existing sessions end. */
export async function updateUser(tx: Queryable, id: number, changes: UserChanges): Promise<UserRow | undefined> {
  const ends = changes.roles !== undefined || changes.active === false;
  const rows = await tx.query<UserRow>(
    `UPDATE users SET
       display_name = COALESCE($2, display_name),
       roles = COALESCE($3, roles),
       department_id = CASE WHEN $4 THEN $5 ELSE department_id END,
       phone = CASE WHEN $6 THEN $7 ELSE phone END,
       email = CASE WHEN $8 THEN $9 ELSE email END,
       active = COALESCE($10, active),
       token_version = token_version + CASE WHEN $11 THEN 1 ELSE 0 END,
       updated_at = now()
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [
      id,
      changes.displayName ?? null,
      changes.roles ?? null,
      changes.departmentId !== undefined,
      changes.departmentId ?? null,
      changes.phone !== undefined,
      changes.phone ?? null,
      changes.email !== undefined,
      changes.email ?? null,
      changes.active ?? null,
      ends,
    ],
  );
  return rows[0];
}

export async function setPassword(tx: Queryable, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await tx.query(
    `UPDATE users SET password_hash = $2, must_change_password = $3, token_version = token_version + 1, updated_at = now()
     WHERE id = $1`,
    [id, passwordHash, mustChange],
  );
}

export interface UserFilter {
  q?: string | undefined;
  role?: Role | undefined;
  departmentId?: string | undefined;
  active?: boolean | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listUsers(db: Queryable, filter: UserFilter): Promise<UserRow[]> {
  return db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users
     WHERE ($1::text IS NULL OR username ILIKE '%' || $1 || '%' OR display_name ILIKE '%' || $1 || '%')
       AND ($2::text IS NULL OR $2 = ANY (roles))
       AND ($3::text IS NULL OR department_id = $3)
       AND ($4::boolean IS NULL OR active = $4)
       AND ($5::bigint IS NULL OR id > $5)
     ORDER BY id LIMIT $6`,
    [
      filter.q ?? null,
      filter.role ?? null,
      filter.departmentId ?? null,
      filter.active ?? null,
      filter.afterId ?? null,
      filter.limit,
    ],
  );
}

export interface DepartmentRow {
  id: string;
  name: string;
  name_zh: string | null;
  parent_id: string | null;
}

export async function listDepartments(db: Queryable): Promise<DepartmentRow[]> {
  return db.query<DepartmentRow>('SELECT id, name, name_zh, parent_id FROM departments ORDER BY id');
}

export async function findDepartment(db: Queryable, id: string): Promise<DepartmentRow | undefined> {
  return (await db.query<DepartmentRow>('SELECT id, name, name_zh, parent_id FROM departments WHERE id = $1', [id]))[0];
}

export async function upsertDepartment(tx: Queryable, department: DepartmentRow): Promise<DepartmentRow> {
  const rows = await tx.query<DepartmentRow>(
    `INSERT INTO departments (id, name, name_zh, parent_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, parent_id = EXCLUDED.parent_id, updated_at = now()
     RETURNING id, name, name_zh, parent_id`,
    [department.id, department.name, department.name_zh, department.parent_id],
  );
  const row = rows[0];
  if (!row) throw new Error('upsert into departments returned nothing');
  return row;
}

export interface SkillRow {
  skill: string;
  level: number;
}

export interface CertificationRow {
  id: string | number;
  user_id: string | number;
  kind: string;
  number: string;
  issued_on: Date | string;
  expires_on: Date | string;
  status: 'valid' | 'suspended' | 'revoked';
}

export async function skillsOf(db: Queryable, userId: number): Promise<SkillRow[]> {
  return db.query<SkillRow>('SELECT skill, level FROM staff_skills WHERE user_id = $1 ORDER BY skill', [userId]);
}

export async function replaceSkills(tx: Queryable, userId: number, skills: SkillRow[]): Promise<void> {
  await tx.query('DELETE FROM staff_skills WHERE user_id = $1', [userId]);
  if (skills.length === 0) return;
  await tx.query('INSERT INTO staff_skills (user_id, skill, level) SELECT $1, * FROM unnest($2::text[], $3::int[])', [
    userId,
    skills.map((s) => s.skill),
    skills.map((s) => s.level),
  ]);
}

export async function certificationsOf(db: Queryable, userId: number): Promise<CertificationRow[]> {
  return db.query<CertificationRow>(
    'SELECT id, user_id, kind, number, issued_on, expires_on, status FROM certifications WHERE user_id = $1 ORDER BY kind, id',
    [userId],
  );
}

export async function insertCertification(
  tx: Queryable,
  cert: { userId: number; kind: string; number: string; issuedOn: string; expiresOn: string },
): Promise<CertificationRow> {
  const rows = await tx.query<CertificationRow>(
    `INSERT INTO certifications (user_id, kind, number, issued_on, expires_on) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, user_id, kind, number, issued_on, expires_on, status`,
    [cert.userId, cert.kind, cert.number, cert.issuedOn, cert.expiresOn],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into certifications returned nothing');
  return row;
}

export async function findCertification(db: Queryable, id: number): Promise<CertificationRow | undefined> {
  return (
    await db.query<CertificationRow>(
      'SELECT id, user_id, kind, number, issued_on, expires_on, status FROM certifications WHERE id = $1',
      [id],
    )
  )[0];
}

export async function setCertificationStatus(
  tx: Queryable,
  id: number,
  status: CertificationRow['status'],
  expiresOn?: string,
): Promise<CertificationRow | undefined> {
  const rows = await tx.query<CertificationRow>(
    `UPDATE certifications SET status = $2, expires_on = COALESCE($3::date, expires_on), updated_at = now() WHERE id = $1
     RETURNING id, user_id, kind, number, issued_on, expires_on, status`,
    [id, status, expiresOn ?? null],
  );
  return rows[0];
}

export interface ShiftRow {
  id: string | number;
  user_id: string | number;
  starts_at: Date;
  ends_at: Date;
}

export async function insertShifts(
  tx: Queryable,
  userId: number,
  shifts: Array<{ startsAt: string; endsAt: string }>,
): Promise<ShiftRow[]> {
  return tx.query<ShiftRow>(
    `INSERT INTO staff_shifts (user_id, starts_at, ends_at) SELECT $1, * FROM unnest($2::timestamptz[], $3::timestamptz[])
     RETURNING id, user_id, starts_at, ends_at`,
    [userId, shifts.map((s) => s.startsAt), shifts.map((s) => s.endsAt)],
  );
}

export async function shiftsOf(db: Queryable, userId: number, from: Date, to: Date): Promise<ShiftRow[]> {
  return db.query<ShiftRow>(
    'SELECT id, user_id, starts_at, ends_at FROM staff_shifts WHERE user_id = $1 AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at',
    [userId, from, to],
  );
}

export interface TechnicianFactsRow {
  id: string | number;
  display_name: string;
  skills: SkillRow[] | null;
  certifications: Array<{ kind: string; status: CertificationRow['status']; expires_on: string }> | null;
  shifts: Array<{ starts_at: string; ends_at: string }> | null;
}

/**
 * Active technicians with their skills, all certifications (status and expiry: the caller
 * decides validity at its moment) and the shifts overlapping [from, to). One statement, so a
 * dispatch inside a transaction reads a consistent picture.
 */
export async function technicianFacts(q: Queryable, from: Date, to: Date): Promise<TechnicianFactsRow[]> {
  return q.query<TechnicianFactsRow>(
    `SELECT u.id, u.display_name,
       (SELECT json_agg(json_build_object('skill', s.skill, 'level', s.level) ORDER BY s.skill) FROM staff_skills s WHERE s.user_id = u.id) AS skills,
       (SELECT json_agg(json_build_object('kind', c.kind, 'status', c.status, 'expires_on', to_char(c.expires_on, 'YYYY-MM-DD')) ORDER BY c.kind, c.id)
          FROM certifications c WHERE c.user_id = u.id) AS certifications,
       (SELECT json_agg(json_build_object('starts_at', sh.starts_at, 'ends_at', sh.ends_at) ORDER BY sh.starts_at)
          FROM staff_shifts sh WHERE sh.user_id = u.id AND sh.ends_at > $1 AND sh.starts_at < $2) AS shifts
     FROM users u WHERE u.active AND 'technician' = ANY (u.roles) ORDER BY u.id`,
    [from, to],
  );
}

export interface StaffFactsFilter {
  departmentId?: string | undefined;
  role?: Role | undefined;
  userIds?: number[] | undefined;
}

export interface StaffFactsRow {
  id: string | number;
  display_name: string;
  department_id: string | null;
  roles: Role[];
  skills: SkillRow[] | null;
  certifications: Array<{
    id: number;
    kind: string;
    number: string;
    status: CertificationRow['status'];
    issued_on: string;
    expires_on: string;
  }> | null;
}

/** Active users with skills and all certifications, in one statement (consistent inside a transaction). */
export async function staffFacts(q: Queryable, filter: StaffFactsFilter): Promise<StaffFactsRow[]> {
  return q.query<StaffFactsRow>(
    `SELECT u.id, u.display_name, u.department_id, u.roles,
       (SELECT json_agg(json_build_object('skill', s.skill, 'level', s.level) ORDER BY s.skill) FROM staff_skills s WHERE s.user_id = u.id) AS skills,
       (SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'number', c.number, 'status', c.status,
                 'issued_on', to_char(c.issued_on, 'YYYY-MM-DD'), 'expires_on', to_char(c.expires_on, 'YYYY-MM-DD')) ORDER BY c.kind, c.id)
          FROM certifications c WHERE c.user_id = u.id) AS certifications
     FROM users u
     WHERE u.active AND ($1::text IS NULL OR u.department_id = $1) AND ($2::text IS NULL OR $2 = ANY (u.roles))
       AND ($3::bigint[] IS NULL OR u.id = ANY ($3))
     ORDER BY u.id`,
    [filter.departmentId ?? null, filter.role ?? null, filter.userIds ?? null],
  );
}
