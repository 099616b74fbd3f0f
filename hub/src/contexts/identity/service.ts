import { isRole, type Role } from '@campus/protocol';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import type { UserRow } from './repository.ts';
import * as repo from './repository.ts';

/** Sessions re-read a user at most this often, so role changes and deactivation bite fast. */
const SESSION_CACHE_MS = 15_000;

export interface SessionUser extends Actor {
  userId: number;
  tokenVersion: number;
  mustChangePassword: boolean;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentId?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

/** What the audit log keeps of a user: never the password hash. */
function auditedUser(row: UserRow) {
  return {
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    departmentId: row.department_id,
    active: row.active,
  };
}

function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (/^(.)\1*$/.test(password)) throw invalid(field, 'must not repeat one character');
}

/**
 * People, departments and staff qualifications (DAT-6, MNT-3's skills and certifications).
 */
export class IdentityService {
  readonly #db: Db;
  readonly #sessions = new Map<number, { user: SessionUser | undefined; at: number }>();

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * @throws AppError invalid_credentials for an unknown user, a wrong password or an inactive
   * account, with one message for all three so a caller cannot probe usernames.
   */
  async login(username: string, password: string): Promise<SessionUser> {
    const row = await repo.findUserByUsername(this.#db, username);
    const ok = await verifyPassword(row?.password_hash ?? DUMMY_HASH, password);
    if (!row || !ok || !row.active) throw new AppError('invalid_credentials', 401, 'wrong username or password');
    return toSessionUser(row);
  }

  /** The user behind a session token, or undefined when the token is stale or the user inactive. */
  async resolveSession(userId: number, tokenVersion: number): Promise<SessionUser | undefined> {
    const cached = this.#sessions.get(userId);
    let user = cached && Date.now() - cached.at < SESSION_CACHE_MS ? cached.user : undefined;
    if (!cached || Date.now() - cached.at >= SESSION_CACHE_MS) {
      const row = await repo.findUserById(this.#db, userId);
      user = row?.active ? toSessionUser(row) : undefined;
      this.#sessions.set(userId, { user, at: Date.now() });
    }
    return user && user.tokenVersion === tokenVersion ? user : undefined;
  }

  forgetSession(userId: number): void {
    this.#sessions.delete(userId);
  }

  async changePassword(actor: Actor, current: string, next: string, context: AuditContext = {}): Promise<void> {
    if (actor.userId === null) throw forbidden('the system has no password');
    const row = await repo.findUserById(this.#db, actor.userId);
    if (!row || !(await verifyPassword(row.password_hash, current))) throw invalid('currentPassword', 'is wrong');
    checkPassword(next, 'newPassword');
    if (next === current) throw invalid('newPassword', 'must differ from the current password');
    const hash = await hashPassword(next);
    await this.#db.transaction(async (tx) => {
      await repo.setPassword(tx, actor.userId as number, hash, false);
      await recordAudit(
        tx,
        actor,
        { action: 'user.password_changed', entityType: 'user', entityId: actor.userId as number },
        context,
      );
    });
    this.forgetSession(actor.userId);
  }

  async resetPassword(actor: Actor, userId: number, password: string, context: AuditContext = {}): Promise<void> {
    checkPassword(password);
    const row = await repo.findUserById(this.#db, userId);
    if (!row) throw notFound(`user ${userId}`);
    const hash = await hashPassword(password);
    await this.#db.transaction(async (tx) => {
      await repo.setPassword(tx, userId, hash, true);
      await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: userId }, context);
    });
    this.forgetSession(userId);
  }

  async createUser(actor: Actor, input: CreateUserInput, context: AuditContext = {}, tx?: Queryable): Promise<UserRow> {
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/i.test(input.username)) {
      throw invalid('username', 'must be 2-64 letters, digits, . _ - (starting alphanumeric)');
    }
    if (input.roles.length === 0) throw invalid('roles', 'must name at least one role');
    for (const role of input.roles) if (!isRole(role)) throw invalid('roles', `${role} is not a role`);
    checkPassword(input.password);
    if (input.departmentId && !(await repo.findDepartment(tx ?? this.#db, input.departmentId))) {
      throw invalid('departmentId', `no department ${input.departmentId}`);
    }
    const passwordHash = await hashPassword(input.password);
    const work = async (q: Queryable) => {
      if (await repo.findUserByUsername(q, input.username)) throw conflict('username', `${input.username} is taken`);
      const row = await repo.insertUser(q, {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: [...new Set(input.roles)],
        departmentId: input.departmentId ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        mustChangePassword: actor.userId !== null,
      });
      await recordAudit(
        q,
        actor,
        { action: 'user.created', entityType: 'user', entityId: Number(row.id), after: auditedUser(row) },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async updateUser(actor: Actor, userId: number, changes: repo.UserChanges, context: AuditContext = {}): Promise<UserRow> {
    if (changes.roles) {
      if (changes.roles.length === 0) throw invalid('roles', 'must name at least one role');
      for (const role of changes.roles) if (!isRole(role)) throw invalid('roles', `${role} is not a role`);
    }
    if (changes.departmentId && !(await repo.findDepartment(this.#db, changes.departmentId))) {
      throw invalid('departmentId', `no department ${changes.departmentId}`);
    }
    if (
      actor.userId === userId &&
      (changes.active === false || (changes.roles && !changes.roles.includes('admin') && actor.roles.includes('admin')))
    ) {
      throw invalid(changes.active === false ? 'active' : 'roles', 'you cannot lock yourself out; ask another administrator');
    }
    const row = await this.#db.transaction(async (tx) => {
      const before = await repo.findUserById(tx, userId);
      if (!before) throw notFound(`user ${userId}`);
      const after = await repo.updateUser(tx, userId, changes);
      if (!after) throw notFound(`user ${userId}`);
      await recordAudit(
        tx,
        actor,
        { action: 'user.updated', entityType: 'user', entityId: userId, before: auditedUser(before), after: auditedUser(after) },
        context,
      );
      return after;
    });
    this.forgetSession(userId);
    return row;
  }

  async getUser(userId: number): Promise<UserRow> {
    const row = await repo.findUserById(this.#db, userId);
    if (!row) throw notFound(`user ${userId}`);
    return row;
  }

  listUsers(filter: repo.UserFilter): Promise<UserRow[]> {
    return repo.listUsers(this.#db, filter);
  }

  listDepartments(): Promise<repo.DepartmentRow[]> {
    return repo.listDepartments(this.#db);
  }

  async saveDepartment(
    actor: Actor,
    department: repo.DepartmentRow,
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<repo.DepartmentRow> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(department.id)) throw invalid('id', 'must be a code of letters, digits, . _ -');
    if (department.name.trim().length === 0) throw invalid('name', 'must not be empty');
    if (department.parent_id === department.id) throw invalid('parentId', 'a department cannot be its own parent');
    const work = async (q: Queryable) => {
      if (department.parent_id && !(await repo.findDepartment(q, department.parent_id))) {
        throw invalid('parentId', `no department ${department.parent_id}`);
      }
      const before = await repo.findDepartment(q, department.id);
      const after = await repo.upsertDepartment(q, department);
      await recordAudit(
        q,
        actor,
        {
          action: before ? 'department.updated' : 'department.created',
          entityType: 'department',
          entityId: department.id,
          before,
          after,
        },
        context,
      );
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async staffProfile(userId: number) {
    const user = await this.getUser(userId);
    const now = new Date();
    const [skills, certifications, shifts] = await Promise.all([
      repo.skillsOf(this.#db, userId),
      repo.certificationsOf(this.#db, userId),
      repo.shiftsOf(this.#db, userId, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 14 * 86_400_000)),
    ]);
    return { user, skills, certifications, shifts };
  }

  async setSkills(
    actor: Actor,
    userId: number,
    skills: repo.SkillRow[],
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<repo.SkillRow[]> {
    const names = new Set(skills.map((s) => s.skill));
    if (names.size !== skills.length) throw invalid('skills', 'a skill appears twice');
    const work = async (q: Queryable) => {
      if (!(await repo.findUserById(q, userId))) throw notFound(`user ${userId}`);
      const before = await repo.skillsOf(q, userId);
      await repo.replaceSkills(q, userId, skills);
      const after = await repo.skillsOf(q, userId);
      await recordAudit(q, actor, { action: 'staff.skills_set', entityType: 'user', entityId: userId, before, after }, context);
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /** Takes the caller's transaction when given (TRN-5 grants a certification with the exam result). */
  async addCertification(
    actor: Actor,
    input: { userId: number; kind: string; number: string; issuedOn: string; expiresOn: string },
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<repo.CertificationRow> {
    if (input.expiresOn <= input.issuedOn) throw invalid('expiresOn', 'must be after issuedOn');
    const work = async (q: Queryable) => {
      if (!(await repo.findUserById(q, input.userId))) throw notFound(`user ${input.userId}`);
      const row = await repo.insertCertification(q, input);
      await recordAudit(
        q,
        actor,
        { action: 'certification.added', entityType: 'certification', entityId: Number(row.id), after: row },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /** Suspends, revokes or renews a certification (TRN-5 feeds this; MNT-3 dispatch reads it). */
  async setCertificationStatus(
    actor: Actor,
    id: number,
    status: repo.CertificationRow['status'],
    expiresOn?: string,
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<repo.CertificationRow> {
    const work = async (q: Queryable) => {
      const before = await repo.findCertification(q, id);
      if (!before) throw notFound(`certification ${id}`);
      const after = await repo.setCertificationStatus(q, id, status, expiresOn);
      await recordAudit(
        q,
        actor,
        { action: `certification.${status}`, entityType: 'certification', entityId: id, before, after },
        context,
      );
      return after ?? before;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async addShifts(actor: Actor, userId: number, shifts: Array<{ startsAt: string; endsAt: string }>, context: AuditContext = {}) {
    await this.getUser(userId);
    for (const [index, shift] of shifts.entries()) {
      if (new Date(shift.endsAt) <= new Date(shift.startsAt)) throw invalid(`shifts.${index}.endsAt`, 'must be after startsAt');
    }
    return this.#db.transaction(async (tx) => {
      const rows = await repo.insertShifts(tx, userId, shifts);
      await recordAudit(
        tx,
        actor,
        { action: 'staff.shifts_added', entityType: 'user', entityId: userId, after: shifts },
        context,
      );
      return rows;
    });
  }

  /**
   * Active technicians with skills, certifications (with status and expiry) and the shifts from
   * `at` to a day later: what maintenance dispatch (MNT-3) decides on. Takes the caller's
   * transaction so the choice and the assignment see the same data.
   */
  async listTechnicians(q: Queryable = this.#db, at: Date = new Date()) {
    const rows = await repo.technicianFacts(q, at, new Date(at.getTime() + 86_400_000));
    return rows.map((row) => ({
      userId: Number(row.id),
      name: row.display_name,
      skills: row.skills ?? [],
      certifications: (row.certifications ?? []).map((c) => ({ kind: c.kind, status: c.status, expiresOn: c.expires_on })),
      shifts: (row.shifts ?? []).map((s) => ({ startsAt: new Date(s.starts_at), endsAt: new Date(s.ends_at) })),
    }));
  }

  /**
   * Active users with their roles, skills and every certification (dates as YYYY-MM-DD), filtered
   * by department, role or ids: what training needs analysis (TRN-1) and exam results (TRN-5) read.
   */
  async staffQualifications(q: Queryable = this.#db, filter: repo.StaffFactsFilter = {}) {
    const rows = await repo.staffFacts(q, filter);
    return rows.map((row) => ({
      userId: Number(row.id),
      name: row.display_name,
      departmentId: row.department_id,
      roles: row.roles,
      skills: row.skills ?? [],
      certifications: (row.certifications ?? []).map((c) => ({
        id: Number(c.id),
        kind: c.kind,
        number: c.number,
        status: c.status,
        issuedOn: c.issued_on,
        expiresOn: c.expires_on,
      })),
    }));
  }

  /** A user read inside the caller's transaction (e.g. the resident behind a facility fault). */
  async findUser(q: Queryable, userId: number): Promise<UserRow | undefined> {
    return repo.findUserById(q, userId);
  }

  /** On an empty system, creates the first administrator; returns false when users exist. */
  async bootstrapAdmin(actor: Actor, password: string): Promise<boolean> {
    if ((await repo.countUsers(this.#db)) > 0) return false;
    await this.createUser(actor, { username: 'admin', displayName: 'Administrator / 系统管理员', password, roles: ['admin'] });
    return true;
  }
}

function toSessionUser(row: UserRow): SessionUser {
  return {
    userId: Number(row.id),
    name: row.display_name,
    roles: row.roles.filter(isRole),
    departmentId: row.department_id,
    tokenVersion: row.token_version,
    mustChangePassword: row.must_change_password,
  };
}
