import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  connectDevice,
  ensureBuilt,
  type Hub,
  launchBrowser,
  PASSWORD,
  publish,
  SCREENSHOTS,
  shot,
  signIn,
  startHub,
} from './harness.ts';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const WALL = { width: 1920, height: 1080 };
/** A 1×1 PNG: the photo endpoint sniffs the bytes, so it must be a real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const hhmm = (date: Date) => date.toISOString().slice(11, 16);

describe('IOT-11 the live operations dashboard in a browser', () => {
  let hub: Hub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let guard: Page;
  let autoTicketId = 0;

  async function open(viewport: { width: number; height: number }, locale: 'en' | 'zh' = 'en'): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: locale === 'zh' ? 'zh-CN' : 'en-GB',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    return page;
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    await hub.createUser('guard-li', ['security_officer'], 'Li Wei (security)');
    await hub.createUser('planner-chen', ['maintenance_planner'], 'Chen Jing (planner)');
    await hub.createUser('manager-zhou', ['logistics_manager'], 'Zhou Min (logistics)');
    await hub.createUser('student-zhang', ['requester'], 'Zhang San');
    const system = { userId: null, name: 'system:e2e', roles: ['admin' as const], departmentId: null };
    for (const [name, display] of [
      ['tech-wang', 'Wang Qiang'],
      ['tech-liu', 'Liu Yang'],
    ] as const) {
      const id = await hub.createUser(name, ['technician'], display);
      await hub.runtime.services.identity.setSkills(system, id, [{ skill: 'hvac', level: 3 }]);
    }
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await hub?.stop();
  }, 60_000);

  it('serves the app for any page path, keeps the API its own', async () => {
    const page = await fetch(`${hub.url}/repair?asset=X`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${hub.url}/api/nowhere`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('not_found');
  });

  it('a security officer whose password was reset must change it, then sees a swipe in the feed within 2 s', async () => {
    const id = hub.users.get('guard-li');
    await hub.api('admin', 'POST', `/users/${id}/password-reset`, { password: 'temporary-pass-1' });
    guard = await open(DESKTOP);
    await signIn(guard, hub.url, 'guard-li', 'temporary-pass-1');
    await guard.waitForURL(/\/password$/);
    await guard.getByLabel('Current password').fill('temporary-pass-1');
    await guard.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await guard.getByLabel('New password again').fill(PASSWORD);
    await guard.getByRole('button', { name: 'Change password' }).click();
    await guard.waitForURL(/\/login/);
    await signIn(guard, hub.url, 'guard-li');
    await guard.getByRole('link', { name: /Security/ }).click();
    await guard.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await guard.locator('.live-live').waitFor({ timeout: 10_000 });

    const gate = await connectDevice(hub.mqttPort, 'gate-01');
    const started = Date.now();
    await publish(gate, 'campus/main/gate/gate-01/swipe', {
      eventId: 'e2e-swipe-1',
      ts: new Date().toISOString(),
      cardId: 'E2E-0001',
      direction: 'in',
      result: 'granted',
    });
    await guard.getByRole('cell', { name: 'E2E-0001' }).waitFor({ timeout: 2000 });
    const elapsed = Date.now() - started;
    await gate.endAsync();
    expect(elapsed).toBeLessThan(2000);
    await shot(guard, 'security');
  }, 90_000);

  it('a swipe in forbidden hours raises a critical alert: a banner on screen, acknowledged from the queue', async () => {
    const now = new Date();
    await hub.api('admin', 'PUT', '/rules/access.forbidden_hours/sites/main', {
      from: hhmm(new Date(now.getTime() - 3_600_000)),
      to: hhmm(new Date(now.getTime() + 3_600_000)),
      timezone: 'UTC',
    });
    const gate = await connectDevice(hub.mqttPort, 'gate-01');
    await publish(gate, 'campus/main/gate/gate-01/swipe', {
      eventId: 'e2e-swipe-forbidden',
      ts: new Date().toISOString(),
      cardId: 'E2E-NIGHT',
      direction: 'in',
      result: 'granted',
    });
    await gate.endAsync();
    const banner = guard.getByRole('alert', { name: 'New critical alert' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('forbidden hours');
    await shot(guard, 'security-critical-banner');

    const card = guard.locator('li[data-alert-id]', { hasText: 'E2E-NIGHT' }).first();
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await card.getByText('Acknowledged', { exact: true }).waitFor({ timeout: 5000 });
    await banner.waitFor({ state: 'detached', timeout: 5000 });
    const open = await hub.api<{ items: Array<{ status: string; evidence: { swipes?: Array<{ cardId: string }> } }> }>(
      'guard-li',
      'GET',
      '/alerts?status=open',
    );
    const alert = open.items.find((a) => a.evidence.swipes?.some((s) => s.cardId === 'E2E-NIGHT'));
    expect(alert?.status).toBe('acknowledged');
    // Leave the window closed again for the other tests.
    await hub.api('admin', 'PUT', '/rules/access.forbidden_hours/sites/main', {
      from: '00:30',
      to: '05:30',
      timezone: 'Asia/Shanghai',
    });
  }, 60_000);

  it('a planner sees the auto-generated ticket of a degrading chiller with its evidence chart, and assigns it', async () => {
    // Its normal is known after half an hour here (the default learning day is for real machines).
    await hub.api('admin', 'PUT', '/rules/equipment.predictive/sites/main', { learningMinutes: 30 });
    const sensor = await connectDevice(hub.mqttPort, 'sensor-01');
    const t0 = Date.now() - 100 * 60_000;
    for (let i = 0; i < 100; i++) {
      const value = i < 50 ? 2.5 + 0.1 * Math.sin(i) : 2.5 + (i - 50) * 0.06 + 0.1 * Math.sin(i);
      await publish(sensor, 'campus/main/sensor/sensor-01/telemetry', {
        eventId: `e2e-v-${i}`,
        ts: t0 + i * 60_000,
        assetId: 'CHILLER-1',
        metrics: [{ name: 'vibration', value: Math.round(value * 1000) / 1000, unit: 'mm/s' }],
      });
    }
    await sensor.endAsync();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && autoTicketId === 0) {
      const page = await hub.api<{ items: Array<{ id: number; evidence: { cause?: string } | null }> }>(
        'planner-chen',
        'GET',
        '/maintenance/tickets?assetId=CHILLER-1&source=rule',
      );
      autoTicketId = page.items.find((t) => t.evidence?.cause === 'trend')?.id ?? 0;
      if (!autoTicketId) await new Promise((r) => setTimeout(r, 250));
    }
    expect(autoTicketId).toBeGreaterThan(0);

    const page = await open(DESKTOP);
    await signIn(page, hub.url, 'planner-chen');
    await page.getByRole('link', { name: /Maintenance planning/ }).click();
    await page.getByRole('button', { name: `Open ticket #${autoTicketId}` }).click();
    const detail = page.locator(`article[data-ticket-id="${autoTicketId}"]`);
    await detail.waitFor();
    await detail.getByText('automatic').first().waitFor();
    const chart = detail.locator('figure', { hasText: 'predicted crossing' });
    await chart.locator('svg .recharts-reference-line').first().waitFor({ state: 'attached' });
    expect(await chart.locator('.recharts-reference-dot').count()).toBe(1);
    expect(await chart.locator('.recharts-line-dots circle').count()).toBeGreaterThan(50);

    const before = await hub.api<{ ticket: { technician: { id: number } | null } }>(
      'planner-chen',
      'GET',
      `/maintenance/tickets/${autoTicketId}`,
    );
    const target = before.ticket.technician?.id === hub.users.get('tech-liu') ? 'Wang Qiang' : 'Liu Yang';
    const select = detail.locator('select[name="technician"]');
    const option = select.locator('option', { hasText: target });
    await select.selectOption({ value: (await option.getAttribute('value')) ?? '' });
    await detail.getByRole('button', { name: 'Assign', exact: true }).click();
    await detail.locator('dd', { hasText: target }).waitFor({ timeout: 5000 });
    await detail.scrollIntoViewIfNeeded();
    await shot(page, 'maintenance-planner');
    await detail.screenshot({ path: `${SCREENSHOTS}/maintenance-evidence.png` });
  }, 90_000);

  it('the technician confirms the visit on a phone', async () => {
    const ticket = await hub.api<{ ticket: { technician: { id: number; name: string } | null } }>(
      'planner-chen',
      'GET',
      `/maintenance/tickets/${autoTicketId}`,
    );
    const username = ticket.ticket.technician?.name === 'Wang Qiang' ? 'tech-wang' : 'tech-liu';
    const page = await open(PHONE);
    await signIn(page, hub.url, username);
    await page.getByRole('link', { name: /My tickets/ }).click();
    await page.waitForURL(/\/technician/);
    await page.getByRole('button', { name: `Open #${autoTicketId}` }).click();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T09:30`;
    await page.getByLabel('Date and time agreed with the requester').fill(local);
    await page.getByRole('button', { name: 'Confirm visit' }).click();
    await page.getByText('Time and place confirmed').first().waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'technician-phone');
  }, 60_000);

  it('a student reports a fault with a photo on a phone, prefilled from the QR link, and follows it', async () => {
    const page = await open(PHONE);
    await page.goto(`${hub.url}/repair?asset=CHILLER-1`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').fill('student-zhang');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/repair\?asset=CHILLER-1/);
    await page
      .getByText(/CHILLER-1/)
      .first()
      .waitFor();
    await page.getByLabel(/What is wrong/).fill('Chiller rattles loudly');
    await page.getByLabel('Details').fill('Loud rattling from the chiller room since this morning.');
    await page.getByLabel(/^Where/).fill('Plant room, building 3');
    await page.getByLabel(/^Photos/).setInputFiles({ name: 'chiller.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Send request' }).click();
    const sent = page.getByRole('status').filter({ hasText: /Request #\d+ sent/ });
    await sent.waitFor({ timeout: 10_000 });
    expect(await sent.textContent()).not.toContain('photos were not');
    await page.locator('li[data-ticket-id]', { hasText: 'Chiller rattles loudly' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'repair-phone');
  }, 60_000);

  it('the student, with the page open, sees the repair reported done and accepts it with a rating (MNT-5)', async () => {
    const mine = await hub.api<{ items: Array<{ id: number; title: string }> }>('student-zhang', 'GET', '/maintenance/tickets');
    const id = mine.items.find((t) => t.title === 'Chiller rattles loudly')?.id;
    expect(id).toBeDefined();
    const page = await open(PHONE);
    await signIn(page, hub.url, 'student-zhang');
    await page.getByRole('link', { name: /Repair request/ }).click();
    const card = page.locator(`li[data-ticket-id="${id}"]`);
    await card.waitFor();

    const wang = hub.users.get('tech-wang');
    await hub.api('planner-chen', 'POST', `/maintenance/tickets/${id}/triage`, {
      inScope: true,
      faultType: 'hvac',
      urgency: 'normal',
    });
    const triaged = await hub.api<{ ticket: { technician: { id: number } | null } }>(
      'planner-chen',
      'GET',
      `/maintenance/tickets/${id}`,
    );
    if (triaged.ticket.technician?.id !== wang)
      await hub.api('planner-chen', 'POST', `/maintenance/tickets/${id}/assign`, { technicianId: wang });
    await hub.api('tech-wang', 'POST', `/maintenance/tickets/${id}/confirm`, {
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      contactMethod: 'phone',
    });
    await hub.api('tech-wang', 'POST', `/maintenance/tickets/${id}/work-logs`, {
      steps: 'Tightened the fan mount',
      minutes: 40,
      parts: [{ name: 'Bolt M8', quantity: 4, cost: 6 }],
    });
    await hub.api('tech-wang', 'POST', `/maintenance/tickets/${id}/done`, { summary: 'Fan mount tightened' });

    // Pushed on the live channel: the page's fallback poll (2 min) is far longer than this wait.
    await card.getByText('Is it fixed?').waitFor({ timeout: 10_000 });
    await card.getByLabel('4 of 5 stars').check({ force: true });
    await card.getByLabel('Comment (optional)').fill('Quiet again, thanks');
    await card.getByRole('button', { name: 'Accept the repair' }).click();
    await card.getByText('Your rating: ★★★★').waitFor({ timeout: 10_000 });
    const after = await hub.api<{ ticket: { status: string; rating: number } }>(
      'planner-chen',
      'GET',
      `/maintenance/tickets/${id}`,
    );
    expect(after.ticket).toMatchObject({ status: 'closed', rating: 4 });
    await shot(page, 'repair-accepted-phone');
  }, 60_000);

  it('switches to Simplified Chinese and remembers it', async () => {
    await guard.getByRole('button', { name: '中文' }).click();
    await guard.getByRole('heading', { name: '安保', level: 1 }).waitFor();
    expect(await guard.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await guard.reload();
    await guard.getByRole('heading', { name: '通行记录' }).waitFor();
    await shot(guard, 'security-zh');
    await guard.getByRole('button', { name: 'English' }).click();
  }, 30_000);

  it('shows the ingest rate live on the overview wall screen', async () => {
    const page = await open(WALL);
    await signIn(page, hub.url, 'manager-zhou');
    await page.waitForURL(/\/overview/);
    const gate = await connectDevice(hub.mqttPort, 'gate-02');
    for (let i = 0; i < 40; i++) {
      await publish(gate, 'campus/main/gate/gate-02/swipe', {
        eventId: `e2e-ov-${i}`,
        ts: new Date().toISOString(),
        cardId: `OV-${i}`,
        direction: 'out',
        result: 'granted',
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    await gate.endAsync();
    await page.locator('.recharts-area').waitFor({ timeout: 10_000 });
    await shot(page, 'overview-wall');
    expect(ADMIN_PASSWORD).toBeTruthy();
  }, 60_000);

  it('after a network drop the feed reconnects by itself and fills the gap', async () => {
    const context = guard.context();
    await context.setOffline(true);
    await guard.locator('.live-offline').waitFor({ timeout: 15_000 });
    const gate = await connectDevice(hub.mqttPort, 'gate-03');
    await publish(gate, 'campus/main/gate/gate-03/swipe', {
      eventId: 'e2e-gap',
      ts: new Date().toISOString(),
      cardId: 'E2E-GAP',
      direction: 'in',
      result: 'granted',
    });
    await gate.endAsync();
    await new Promise((r) => setTimeout(r, 500));
    await context.setOffline(false);
    await guard.locator('.live-live').waitFor({ timeout: 15_000 });
    await guard.getByRole('cell', { name: 'E2E-GAP' }).waitFor({ timeout: 5000 });
  }, 60_000);
});
