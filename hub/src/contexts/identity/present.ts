import { permissionsOf } from '@campus/protocol';
import type { CertificationRow, DepartmentRow, ShiftRow, UserRow } from './repository.ts';
import type { SessionUser } from './service.ts';

const day = (value: Date | string) => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));

export function presentUser(row: UserRow) {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    departmentId: row.department_id,
    phone: row.phone,
    email: row.email,
    active: row.active,
    mustChangePassword: row.must_change_password,
  };
}

export function presentMe(user: SessionUser, username: string) {
  return {
    id: user.userId,
    username,
    displayName: user.name,
    roles: user.roles,
    departmentId: user.departmentId,
    permissions: permissionsOf(user.roles),
    mustChangePassword: user.mustChangePassword,
  };
}

export function presentDepartment(row: DepartmentRow) {
  return { id: row.id, name: row.name, nameZh: row.name_zh, parentId: row.parent_id };
}

export function presentCertification(row: CertificationRow) {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    kind: row.kind,
    number: row.number,
    issuedOn: day(row.issued_on),
    expiresOn: day(row.expires_on),
    status: row.status,
  };
}

export function presentShift(row: ShiftRow) {
  return { id: Number(row.id), startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString() };
}
