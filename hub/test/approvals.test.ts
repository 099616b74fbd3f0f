import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/actor.ts';
import type { ApprovalRequestRow } from '../src/contexts/approvals/repository.ts';
import { type HubFixture, OTHER_DEPARTMENT, startHubFixture, TEST_PASSWORD } from './helpers/hub-fixture.ts';

describe.each(testAdapters())('approvals on %s', (adapter) => {
  let hub: HubFixture;
  const effects: string[] = [];

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    // A kind of request as a context would define it: the using department's head, then finance.
    hub.services.approvals.define('test.widget', {
      defaultSteps: [
        { role: 'department_head', label: 'Using department', scope: 'requester_department' },
        { role: 'finance', label: 'Finance' },
      ],
      async onApproved(tx, request) {
        await tx.query('SELECT 1');
        effects.push(`approved ${request.subject_id}`);
      },
      async onRejected(_tx, request, _actor, reason) {
        effects.push(`rejected ${request.subject_id}: ${reason}`);
      },
    });
    await hub.services.identity.createUser(
      { userId: null, name: 'system:test', roles: ['admin'], departmentId: null },
      {
        username: 'chem.head',
        displayName: 'Chemistry head',
        password: TEST_PASSWORD,
        roles: ['department_head'],
        departmentId: OTHER_DEPARTMENT,
      },
    );
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const requester = (): Actor => ({
    userId: hub.userId('requester'),
    name: 'Test requester',
    roles: ['requester'],
    departmentId: OTHER_DEPARTMENT,
  });
  const submit = (subjectId: string) =>
    hub.database.db.transaction((tx) =>
      hub.services.approvals.submit(tx, requester(), {
        kind: 'test.widget',
        subjectType: 'widget',
        subjectId,
        title: `Widget ${subjectId}`,
      }),
    );
  const loginAs = async (username: string) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
  };

  it('walks a two-step chain: the requester department head, then finance; the effect runs once at the end', async () => {
    const request = await submit('w1');
    const id = Number(request.id);
    const chemHead = await loginAs('chem.head');

    // Step 1 belongs to the requester's department head, not to another department's head or to finance.
    const inboxOther = (await hub.call('department_head', 'GET', '/api/approvals/inbox')).json<{ items: ApprovalRequestRow[] }>();
    expect(inboxOther.items).toHaveLength(0);
    const early = await hub.call('finance', 'POST', `/api/approvals/requests/${id}/decision`, { decision: 'approve' });
    expect(early.statusCode).toBe(403);
    expect(early.json<{ message: string }>().message).toMatch(/department_head/);
    const wrongDept = await hub.call('department_head', 'POST', `/api/approvals/requests/${id}/decision`, {
      decision: 'approve',
    });
    expect(wrongDept.statusCode).toBe(403);

    const inbox = await hub.app.inject({ method: 'GET', url: '/api/approvals/inbox', headers: chemHead });
    expect(inbox.json<{ items: Array<{ id: number }> }>().items.map((r) => r.id)).toEqual([id]);
    const first = await hub.app.inject({
      method: 'POST',
      url: `/api/approvals/requests/${id}/decision`,
      headers: chemHead,
      payload: { decision: 'approve', comment: 'needed for the lab' },
    });
    expect(first.json()).toMatchObject({ status: 'pending', currentStep: 1 });
    expect(effects).toEqual([]);

    const second = await hub.call('finance', 'POST', `/api/approvals/requests/${id}/decision`, { decision: 'approve' });
    expect(second.json()).toMatchObject({ status: 'approved', currentStep: 1, decidedAt: expect.any(String) });
    expect(effects).toEqual(['approved w1']);

    const again = await hub.call('finance', 'POST', `/api/approvals/requests/${id}/decision`, { decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'illegal_transition' });

    const detail = (await hub.call('requester', 'GET', `/api/approvals/requests/${id}`)).json<{
      actions: Array<{ decision: string; actorName: string }>;
    }>();
    expect(detail.actions.map((a) => `${a.decision} by ${a.actorName}`)).toEqual([
      'submit by Test requester',
      'approve by Chemistry head',
      'approve by Test finance',
    ]);
    const audit = (await hub.call('admin', 'GET', `/api/audit?entityType=approval_request&entityId=${id}`)).json<{
      items: Array<{ action: string }>;
    }>();
    expect(audit.items.map((e) => e.action)).toEqual(['approval.approved', 'approval.approved', 'approval.submitted']);
  });

  it('needs a reason to reject, and runs the rejection effect', async () => {
    const id = Number((await submit('w2')).id);
    const chemHead = await loginAs('chem.head');
    const bare = await hub.app.inject({
      method: 'POST',
      url: `/api/approvals/requests/${id}/decision`,
      headers: chemHead,
      payload: { decision: 'reject' },
    });
    expect(bare.json()).toMatchObject({ code: 'invalid', field: 'comment' });
    const rejected = await hub.app.inject({
      method: 'POST',
      url: `/api/approvals/requests/${id}/decision`,
      headers: chemHead,
      payload: { decision: 'reject', comment: 'budget is spent' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expect(effects).toContain('rejected w2: budget is spent');
  });

  it('refuses a second pending request for the same subject, self-approval, and lets the requester cancel', async () => {
    const id = Number((await submit('w3')).id);
    await expect(submit('w3')).rejects.toMatchObject({ code: 'illegal_transition' });
    const self = await hub.call('requester', 'POST', `/api/approvals/requests/${id}/decision`, { decision: 'approve' });
    expect(self.statusCode).toBe(403);
    const outsider = await hub.call('canteen_manager', 'POST', `/api/approvals/requests/${id}/cancel`);
    expect(outsider.statusCode).toBe(403);
    const cancelled = await hub.call('requester', 'POST', `/api/approvals/requests/${id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(effects).toContain('rejected w3: cancelled by the requester');
    const mine = (await hub.call('requester', 'GET', '/api/approvals/mine')).json<{
      items: Array<{ subjectId: string; status: string }>;
    }>();
    expect(mine.items.map((r) => `${r.subjectId}:${r.status}`)).toEqual(['w3:cancelled', 'w2:rejected', 'w1:approved']);
  });

  it('lets a manager reconfigure a chain for new requests, validated and audited', async () => {
    const bad = await hub.call('logistics_manager', 'PUT', '/api/approvals/chains/test.widget', {
      steps: [{ role: 'wizard', label: 'x' }],
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await hub.call('logistics_manager', 'PUT', '/api/approvals/chains/no.such.kind', {
      steps: [{ role: 'finance', label: 'Finance' }],
    });
    expect(unknown.json()).toMatchObject({ field: 'kind' });
    const ok = await hub.call('logistics_manager', 'PUT', '/api/approvals/chains/test.widget', {
      steps: [{ role: 'finance', label: 'Finance only' }],
    });
    expect(ok.statusCode).toBe(200);
    const request = await submit('w4');
    expect(request.steps).toEqual([{ role: 'finance', label: 'Finance only', scope: 'any' }]);
    const chains = (await hub.call('finance', 'GET', '/api/approvals/chains')).json<{
      items: Array<{ kind: string; configured: boolean }>;
    }>();
    expect(chains.items.find((c) => c.kind === 'test.widget')).toMatchObject({ configured: true });
  });
});
