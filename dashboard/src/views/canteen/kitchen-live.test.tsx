// @vitest-environment happy-dom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useFormat, useT } from '../../i18n/i18n.ts';
import { deliverLive } from '../../live/live-connection.ts';
import { frame, settle, signedInDuringEachTest } from '../../live/live-test-support.ts';
import type { LiveMessage } from '../../live/sequencer.ts';
import type { KitchenOrder, KitchenQueue, KitchenStatus } from './api-types.ts';
import { applyKitchenChange, type Queues } from './kitchen.ts';
import { RecentKitchenChanges } from './kitchen-live.ts';
import { KitchenBoard } from './kitchen-queue.tsx';
import { messages } from './messages.ts';
import { useKitchen } from './use-canteen.ts';

const NOW = new Date('2026-03-02T11:10:00Z');

function order(id: number, status: KitchenStatus, version = 0): KitchenOrder {
  return {
    id,
    canteenId: 'c1',
    deviceId: 'T-01',
    orderId: `O-${id}`,
    orderedAt: '2026-03-02T11:05:00Z',
    serviceDate: '2026-03-02',
    mealPeriod: 'lunch',
    total: 12,
    status,
    updatedAt: new Date(Date.parse('2026-03-02T11:05:00Z') + version * 1000).toISOString(),
    lines: [{ dishId: 'noodles', name: 'Beef noodles', nameZh: '牛肉面', quantity: 1, unitPrice: 12 }],
  };
}

const queueOf = (items: KitchenOrder[], more = false): KitchenQueue => {
  const counts = { pending: 0, preparing: 0, ready: 0 };
  for (const o of items) if (o.status !== 'served') counts[o.status] += 1;
  return { canteenId: 'c1', counts, items, nextCursor: more ? 'next' : null };
};
const summary = (queues: Queues) => ({
  counts: queues.c1?.counts,
  items: queues.c1?.items.map((o) => `${o.id}:${o.status}`),
});

describe('CAT-2 kitchen changes applied to the queue', () => {
  it('adds a received order and moves a changed one, counts included', () => {
    let queues: Queues = { c1: queueOf([order(1, 'pending')]) };
    queues = applyKitchenChange(queues, { from: null, order: order(2, 'pending') });
    queues = applyKitchenChange(queues, { from: 'pending', order: order(1, 'preparing', 1) });
    expect(summary(queues)).toEqual({ counts: { pending: 1, preparing: 1, ready: 0 }, items: ['2:pending', '1:preparing'] });
  });

  it('moves nothing for a change applied already or older than what the queue shows', () => {
    const start: Queues = { c1: queueOf([order(1, 'preparing', 2)]) };
    expect(applyKitchenChange(start, { from: 'pending', order: order(1, 'preparing', 2) })).toBe(start);
    expect(applyKitchenChange(start, { from: null, order: order(1, 'pending', 0) })).toBe(start);
    // The hub's answer to "served" took it off; the same move arriving live changes nothing.
    const served = applyKitchenChange(start, { from: 'preparing', order: order(1, 'served', 3) });
    expect(summary(served)).toEqual({ counts: { pending: 0, preparing: 0, ready: 0 }, items: [] });
    expect(applyKitchenChange(served, { from: 'preparing', order: order(1, 'served', 3) })).toBe(served);
  });

  it('trusts the status an order left only when the page did not list the whole queue', () => {
    const cut: Queues = { c1: { ...queueOf([]), counts: { pending: 250, preparing: 0, ready: 0 }, nextCursor: 'next' } };
    expect(summary(applyKitchenChange(cut, { from: 'pending', order: order(900, 'preparing', 1) })).counts).toEqual({
      pending: 249,
      preparing: 1,
      ready: 0,
    });
  });

  it('gives a re-read the changes of the last moments again, in the order they happened', () => {
    const recent = new RecentKitchenChanges();
    const at = Date.parse('2026-03-02T11:06:00Z');
    // Served here (the hub's answer) before the earlier move to preparing arrived live.
    recent.add([{ from: 'preparing', order: order(1, 'served', 3) }], at);
    recent.add(
      [
        { from: 'pending', order: order(1, 'preparing', 1) },
        { from: null, order: order(2, 'pending', 2) },
      ],
      at,
    );
    const reread: Queues = { c1: queueOf([order(1, 'pending')]) };
    expect(summary(recent.replay(reread, at + 1000))).toEqual({
      counts: { pending: 1, preparing: 0, ready: 0 },
      items: ['2:pending'],
    });
    expect(recent.replay(reread, at + 60_000)).toBe(reread);
  });
});

function Board() {
  const t = useT(messages);
  const fmt = useFormat();
  const kitchen = useKitchen(NOW);
  if (!kitchen.canteens.data || !kitchen.queues.data) return null;
  return (
    <KitchenBoard
      canteens={kitchen.canteens.data}
      selected="c1"
      onSelect={() => {}}
      queues={kitchen.queues.data}
      now={NOW}
      busy={kitchen.advance.pending}
      error={kitchen.advance.error}
      onMove={(o, status) => void kitchen.advance.run(o, status)}
      t={t}
      fmt={fmt}
    />
  );
}

/** The hub: one canteen whose queue answers `hub.queue`; a move answers `hub.moved`. */
function stubHub() {
  const hub = { queue: queueOf([order(1, 'pending')]), reads: 0, moved: order(1, 'preparing', 1) };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/catering/canteens')
        return Response.json({
          items: [{ id: 'c1', name: 'North Canteen', nameZh: '北区食堂', location: null, active: true, terminalIds: [] }],
        });
      if (url.startsWith('/api/catering/canteens/c1/kitchen-queue')) {
        hub.reads += 1;
        return Response.json(hub.queue);
      }
      if (url === '/api/catering/kitchen-orders/1/status') return Response.json(hub.moved);
      return Response.json({ code: 'not_found', message: url }, { status: 404 });
    }),
  );
  return hub;
}

const column = (name: RegExp) => within(screen.getByRole('region', { name }));
let seq = 100;
const live = (event: LiveMessage['event'], data: unknown) => deliverLive([{ seq: ++seq, event, data }]);

signedInDuringEachTest({
  id: 3,
  username: 'canteen',
  displayName: 'Chen Jing',
  roles: ['canteen_manager'],
  departmentId: 'canteen',
  permissions: [],
  mustChangePassword: false,
});

describe('CAT-2 the kitchen queue follows the live channel', () => {
  it('shows an order from a terminal and a move by another screen as they happen', async () => {
    stubHub();
    render(<Board />);
    await settle();
    expect(column(/^Waiting/).getByText('Order O-1')).toBeTruthy();

    live('catering.kitchen_order_received', { name: 'x', canteenId: 'c1', order: order(2, 'pending', 1) });
    live('catering.kitchen_order_changed', { name: 'x', canteenId: 'c1', from: 'pending', order: order(1, 'ready', 2) });
    await frame();
    expect(column(/^Waiting/).getByText('Order O-2')).toBeTruthy();
    expect(column(/^Waiting/).queryByText('Order O-1')).toBeNull();
    expect(column(/^Ready to collect/).getByText('Order O-1')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Waiting 1' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Ready to collect 1' })).toBeTruthy();
  });

  it('counts a move made here once, though the hub also sends it live', async () => {
    const hub = stubHub();
    render(<Board />);
    await settle();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Order O-1: Start preparing' })));
    await settle();
    live('catering.kitchen_order_changed', { name: 'x', canteenId: 'c1', from: 'pending', order: hub.moved });
    await frame();
    expect(screen.getByRole('heading', { name: 'Waiting 0' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Preparing 1' })).toBeTruthy();
  });

  it('re-reads the queue only every minute, as a fallback', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const hub = stubHub();
    render(<Board />);
    await settle();
    const first = hub.reads;
    await act(async () => vi.advanceTimersByTime(30_000));
    await settle();
    expect(hub.reads).toBe(first);
    await act(async () => vi.advanceTimersByTime(30_000));
    await settle();
    expect(hub.reads).toBe(first + 1);
  });
});
