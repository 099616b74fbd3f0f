import { ROLES } from '@campus/protocol';
import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';

export const RoleSchema = Type.Enum(ROLES);

export const LoginBodySchema = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
});

export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
});

export const LoginResponseSchema = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: MeSchema,
});

export const PasswordChangeSchema = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const CreateUserSchema = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length }),
    departmentId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 128, format: 'email' }))),
  },
  { additionalProperties: false },
);

export const UpdateUserSchema = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length })),
    departmentId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 128, format: 'email' }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  departmentId: Type.Optional(Type.String({ maxLength: 64 })),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const CodeParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const DepartmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
});
export const DepartmentBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    parentId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false },
);

export const SkillSchema = Type.Object(
  { skill: Type.String({ pattern: '^[a-z][a-z0-9_]{0,47}$' }), level: Type.Integer({ minimum: 1, maximum: 5 }) },
  { additionalProperties: false },
);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const CertificationBodySchema = Type.Object(
  {
    kind: Type.String({ pattern: '^[a-z][a-z0-9_]{0,47}$', description: 'e.g. elevator, high_voltage, gas, boiler' }),
    number: Type.String({ minLength: 1, maxLength: 64 }),
    issuedOn: DateString,
    expiresOn: DateString,
  },
  { additionalProperties: false },
);
export const CertificationSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  kind: Type.String(),
  number: Type.String(),
  issuedOn: Type.String(),
  expiresOn: Type.String(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('suspended'), Type.Literal('revoked')]),
});
export const CertificationPatchSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('valid'), Type.Literal('suspended'), Type.Literal('revoked')]),
    expiresOn: Type.Optional(DateString),
  },
  { additionalProperties: false },
);
export const ShiftsBodySchema = Type.Object(
  {
    shifts: Type.Array(
      Type.Object(
        { startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export const ShiftSchema = Type.Object({ id: Type.Integer(), startsAt: Type.String(), endsAt: Type.String() });
export const StaffProfileSchema = Type.Object({
  user: UserSchema,
  skills: Type.Array(SkillSchema),
  certifications: Type.Array(CertificationSchema),
  shifts: Type.Array(ShiftSchema),
});
