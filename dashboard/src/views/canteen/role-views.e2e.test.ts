import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
} from '../../../e2e/harness.ts';

/**
 * The role views in a browser against a real hub (IOT-11, CAT-4, CAT-5, the shared approvals):
 * a canteen manager sees an ingredient's scale weight fall below its safety stock with the
 * projected depletion, and a department head approves a requisition from the inbox.
 */
describe('IOT-11 the role views in a browser', () => {
  let hub: Hub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const system = { userId: null, name: 'system:e2e', roles: ['admin' as const], departmentId: null };

  async function open(locale: 'en' | 'zh' = 'en') {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: locale === 'zh' ? 'zh-CN' : 'en-GB',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    return page;
  }

  async function createUser(username: string, role: 'canteen_manager' | 'requester' | 'department_head', departmentId: string) {
    const row = await hub.runtime.services.identity.createUser(system, {
      username,
      displayName: username,
      password: PASSWORD,
      roles: [role],
      departmentId,
    });
    hub.users.set(username, Number(row.id));
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    await hub.api('admin', 'PUT', '/departments/canteen', { name: 'Catering centre', nameZh: '饮食服务中心' });
    await hub.api('admin', 'PUT', '/departments/chemistry', { name: 'School of Chemistry', nameZh: '化学学院' });
    await createUser('cook-wang', 'canteen_manager', 'canteen');
    await createUser('teacher-li', 'requester', 'chemistry');
    await createUser('head-zhao', 'department_head', 'chemistry');
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await hub?.stop();
  }, 60_000);

  it('a canteen manager sees stock against safety stock, with the depletion projected from the scale', async () => {
    for (const [id, name, nameZh, safetyStock, delivered] of [
      ['rice', 'Rice', '大米', 60, 130],
      ['flour', 'Wheat flour', '面粉', 40, 150],
    ] as const) {
      await hub.api('cook-wang', 'POST', '/catering/stock/items', { id, name, nameZh, unit: 'kg', safetyStock });
      await hub.api('cook-wang', 'POST', '/catering/stock/movements', {
        itemId: id,
        reason: 'delivery',
        quantity: delivered,
        supplierName: 'Jiangsu Daoxiang Rice Co. / 江苏稻香米业',
        batch: `${id}-2026-03`,
      });
    }
    // The scale under the rice sack: 90 kg down to 45 kg over six hours, below the safety stock of 60.
    const scale = await connectDevice(hub.mqttPort, 'scale-01');
    const now = Date.now();
    for (let i = 0; i <= 12; i++) {
      const net = 90 - (45 * i) / 12;
      await publish(scale, 'campus/main/scale/scale-01/reading', {
        eventId: `e2e-rice-${i}`,
        ts: new Date(now - (12 - i) * 30 * 60_000 - 60_000).toISOString(),
        itemId: 'rice',
        gross: net + 1,
        net,
        unit: 'kg',
      });
    }
    await scale.endAsync();
    const deadline = Date.now() + 20_000;
    let drafted = false;
    while (Date.now() < deadline && !drafted) {
      const page = await hub.api<{ items: Array<{ itemRef: string | null }> }>(
        'cook-wang',
        'GET',
        '/procurement/requisitions?status=draft',
      );
      drafted = page.items.some((r) => r.itemRef === 'stock-item:rice');
      if (!drafted) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(drafted).toBe(true);

    const page = await open();
    await signIn(page, hub.url, 'cook-wang');
    await page.getByRole('link', { name: /Canteens and stock/ }).click();
    await page.getByRole('heading', { name: 'Canteens and stock', level: 1 }).waitFor();
    const stock = page.locator('section', { has: page.getByRole('heading', { name: 'Stock against safety stock' }) });
    const rice = stock.getByRole('row', { name: /Rice/ });
    await rice.waitFor({ timeout: 10_000 });
    // Six hours of stock left at 7.5 kg/h: critical, projected within the 12-hour threshold.
    expect(await rice.getByText('Critical').count()).toBe(1);
    expect(await rice.textContent()).toMatch(/in [56] hours/);
    expect(await rice.textContent()).toContain('45 kg');
    const rows = await stock.getByRole('row').allTextContents();
    expect(rows[1]).toContain('Rice');
    expect(rows.find((row) => row.includes('Wheat flour'))).toContain('OK');
    // The rule's draft requisition waits for confirmation, under the item's name.
    const restock = page.locator('section', { has: page.getByRole('heading', { name: 'Restocking requisitions' }) });
    await restock.getByRole('button', { name: /Confirm requisition #\d+ for Rice/ }).waitFor();
    await shot(page, 'canteen-stock-e2e');
  }, 120_000);

  it('a department head approves a requisition from the approvals inbox, with its history', async () => {
    const requisition = await hub.api<{ id: number; approvalId: number }>('teacher-li', 'POST', '/procurement/requisitions', {
      itemName: 'Fume hood filters / 通风橱滤网',
      quantity: 12,
      unit: 'pcs',
      budget: 3600,
      reason: 'Replace the clogged filters in lab 204',
      submit: true,
    });
    const page = await open();
    await signIn(page, hub.url, 'head-zhao');
    await page.getByRole('link', { name: /Approvals/ }).click();
    const item = page.getByRole('button', { name: new RegExp(`Open request #${requisition.approvalId}:`) });
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    const detail = page.locator('section.apv-detail');
    await detail.getByRole('heading', { name: `Request #${requisition.approvalId} · Purchase requisition` }).waitFor();
    await detail.getByText('teacher-li submitted (step 1)').waitFor();
    await detail.getByText('Head of the requesting department').waitFor();

    // A rejection without a reason is refused on the spot, nothing is sent.
    await detail.getByRole('button', { name: 'Reject' }).click();
    await detail.getByRole('alert').getByText('Give the reason for rejecting').waitFor();
    await shot(page, 'approvals-inbox-e2e');

    await detail.getByLabel(/Reason or comment/).fill('Agreed: the lab cannot work without them.');
    await detail.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').getByText(`Request #${requisition.approvalId} approved.`).waitFor({ timeout: 5000 });
    await page.getByText('Nothing is waiting for you.').waitFor();

    const after = await hub.api<{
      request: { status: string; currentStep: number };
      actions: Array<{ decision: string; comment: string | null }>;
    }>('head-zhao', 'GET', `/approvals/requests/${requisition.approvalId}`);
    // The head's step is done; the procurement office decides next.
    expect(after.request).toMatchObject({ status: 'pending', currentStep: 1 });
    expect(after.actions.at(-1)).toMatchObject({ decision: 'approve', comment: 'Agreed: the lab cannot work without them.' });
  }, 120_000);
});
