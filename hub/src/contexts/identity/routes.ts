import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { unauthorized } from '../../errors.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentCertification, presentDepartment, presentMe, presentShift, presentUser } from './present.ts';
import {
  CertificationBodySchema,
  CertificationPatchSchema,
  CertificationSchema,
  CodeParamsSchema,
  CreateUserSchema,
  DepartmentBodySchema,
  DepartmentSchema,
  IdParamsSchema,
  LoginBodySchema,
  LoginResponseSchema,
  MeSchema,
  PasswordChangeSchema,
  ShiftSchema,
  ShiftsBodySchema,
  SkillSchema,
  StaffProfileSchema,
  UpdateUserSchema,
  UserQuerySchema,
  UserSchema,
} from './schema.ts';

export interface IdentityRouteOptions extends HubDeps {
  sessionTtlMinutes: number;
  loginAttemptsPerMinute: number;
}

/** Sign-in, the signed-in user, users, departments and staff qualifications. */
const identityRoutes: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, options) => {
  const { identity } = options.services;

  app.post(
    '/auth/login',
    {
      config: {
        permission: 'public',
        // Per address and username: slows password guessing without locking the real user out from elsewhere.
        rateLimit: {
          // After body parsing, so the key can include the username.
          hook: 'preHandler',
          max: options.loginAttemptsPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (request) =>
            `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '')}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; returns a bearer token',
        security: [],
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema },
      },
    },
    async (request) => {
      const user = await identity.login(request.body.username, request.body.password);
      const token = await app.jwt.sign({ sub: String(user.userId), tv: user.tokenVersion });
      const expiresAt = new Date(Date.now() + options.sessionTtlMinutes * 60_000).toISOString();
      return { token, expiresAt, user: presentMe(user, request.body.username) };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { permission: 'authenticated', allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: 'The signed-in user, with roles and permissions', response: { 200: MeSchema } },
    },
    async (request) => {
      const session = request.session;
      if (!session) throw unauthorized();
      const row = await identity.getUser(session.userId);
      return presentMe(session, row.username);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { permission: 'authenticated', allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChangeSchema,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await identity.changePassword(
        actorOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        auditContextOf(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['users'],
        summary: 'Users, filtered and paged',
        querystring: UserQuerySchema,
        response: { 200: PageSchema(UserSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await identity.listUsers({
        ...filter,
        afterId: typeof after === 'number' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentUser, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user (they change the password at first sign-in)',
        body: CreateUserSchema,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => {
      const row = await identity.createUser(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentUser(row));
    },
  );

  app.get(
    '/users/:id',
    { config: { permission: 'users.read' }, schema: { tags: ['users'], params: IdParamsSchema, response: { 200: UserSchema } } },
    async (request) => presentUser(await identity.getUser(request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Change roles, department, contact or active state',
        params: IdParamsSchema,
        body: UpdateUserSchema,
        response: { 200: UserSchema },
      },
    },
    async (request) =>
      presentUser(await identity.updateUser(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Set a temporary password the user must change',
        params: IdParamsSchema,
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await identity.resetPassword(actorOf(request), request.params.id, request.body.password, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/departments',
    {
      config: { permission: 'departments.read' },
      schema: { tags: ['departments'], response: { 200: Type.Object({ items: Type.Array(DepartmentSchema) }) } },
    },
    async () => ({ items: (await identity.listDepartments()).map(presentDepartment) }),
  );

  app.put(
    '/departments/:id',
    {
      config: { permission: 'departments.manage' },
      schema: {
        tags: ['departments'],
        summary: 'Create or update a department',
        params: CodeParamsSchema,
        body: DepartmentBodySchema,
        response: { 200: DepartmentSchema },
      },
    },
    async (request) =>
      presentDepartment(
        await identity.saveDepartment(
          actorOf(request),
          {
            id: request.params.id,
            name: request.body.name,
            name_zh: request.body.nameZh ?? null,
            parent_id: request.body.parentId ?? null,
          },
          auditContextOf(request),
        ),
      ),
  );

  app.get(
    '/staff/:id',
    {
      config: { permission: 'staff.read' },
      schema: {
        tags: ['staff'],
        summary: 'Skills, certifications and the coming shifts of a staff member',
        params: IdParamsSchema,
        response: { 200: StaffProfileSchema },
      },
    },
    async (request) => {
      const profile = await identity.staffProfile(request.params.id);
      return {
        user: presentUser(profile.user),
        skills: profile.skills,
        certifications: profile.certifications.map(presentCertification),
        shifts: profile.shifts.map(presentShift),
      };
    },
  );

  app.put(
    '/staff/:id/skills',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        params: IdParamsSchema,
        body: Type.Object({ skills: Type.Array(SkillSchema, { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ skills: Type.Array(SkillSchema) }) },
      },
    },
    async (request) => ({
      skills: await identity.setSkills(actorOf(request), request.params.id, request.body.skills, auditContextOf(request)),
    }),
  );

  app.post(
    '/staff/:id/certifications',
    {
      config: { permission: 'staff.manage' },
      schema: { tags: ['staff'], params: IdParamsSchema, body: CertificationBodySchema, response: { 201: CertificationSchema } },
    },
    async (request, reply) => {
      const row = await identity.addCertification(
        actorOf(request),
        { userId: request.params.id, ...request.body },
        auditContextOf(request),
      );
      return reply.status(201).send(presentCertification(row));
    },
  );

  app.patch(
    '/certifications/:id',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Suspend, revoke or renew a certification',
        params: IdParamsSchema,
        body: CertificationPatchSchema,
        response: { 200: CertificationSchema },
      },
    },
    async (request) =>
      presentCertification(
        await identity.setCertificationStatus(
          actorOf(request),
          request.params.id,
          request.body.status,
          request.body.expiresOn,
          auditContextOf(request),
        ),
      ),
  );

  app.post(
    '/staff/:id/shifts',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        params: IdParamsSchema,
        body: ShiftsBodySchema,
        response: { 201: Type.Object({ items: Type.Array(ShiftSchema) }) },
      },
    },
    async (request, reply) => {
      const rows = await identity.addShifts(actorOf(request), request.params.id, request.body.shifts, auditContextOf(request));
      return reply.status(201).send({ items: rows.map(presentShift) });
    },
  );
};

export default identityRoutes;
