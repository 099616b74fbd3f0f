// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/types.ts';
import type { Me } from '../auth/auth-store.ts';
import { localeStore, setLocale } from '../i18n/i18n.ts';
import { deliverLive } from '../live/live-connection.ts';
import { navigationFor, ROUTES } from './routes.ts';
import { Shell } from './shell.tsx';

const guard: Me = {
  id: 7,
  username: 'guard',
  displayName: 'Li Wei',
  roles: ['security_officer'],
  departmentId: null,
  permissions: [],
  mustChangePassword: false,
};

const alert = (id: number, severity: Alert['severity']): Alert => ({
  id,
  ruleId: 'access.forbidden_hours',
  category: 'access',
  subject: `card:C${id}`,
  site: 'main',
  severity,
  title: `Swipe ${id} in forbidden hours`,
  message: 'Card C1 in at gate-01',
  evidence: {},
  status: 'raised',
  occurrences: 1,
  raisedAt: '2026-11-24T02:00:00.000Z',
  lastSeenAt: '2026-11-24T02:00:00.000Z',
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  resolutionNote: null,
  escalationLevel: 0,
});

function renderShell(me: Me) {
  return render(
    <Shell
      me={me}
      nav={navigationFor(ROUTES, me.roles)}
      activePath="/security"
      alertsEnabled
      mayHandleAlerts
      alertQueuePath="/security"
    >
      <p>page</p>
    </Shell>,
  );
}

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('<Shell>', () => {
  it('lists only the views the roles allow, marks the current one, and follows the language switch', () => {
    act(() => setLocale('en'));
    renderShell(guard);
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    const links = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(links).toEqual(expect.arrayContaining(['📊Overview', '🛡Security', '📝Repair request']));
    expect(links.join()).not.toMatch(/Maintenance planning|My tickets/);
    expect(
      within(nav)
        .getByRole('link', { name: /Security/ })
        .getAttribute('aria-current'),
    ).toBe('page');

    fireEvent.click(screen.getByRole('button', { name: '中文' }));
    expect(localeStore.get()).toBe('zh');
    expect(localStorage.getItem('campus.locale')).toBe('zh');
    expect(within(nav).getByRole('link', { name: /安保/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
  });

  it('flashes a banner for a new critical alert arriving live, and not for a warning', async () => {
    renderShell(guard);
    act(() => {
      deliverLive([
        { seq: 1, event: 'alert', data: { change: 'raised', alert: alert(1, 'warning') } },
        { seq: 2, event: 'alert', data: { change: 'raised', alert: alert(2, 'critical') } },
      ]);
    });
    const banner = await screen.findByRole('alert', { name: 'New critical alert' });
    expect(banner.textContent).toContain('Swipe 2 in forbidden hours');
    expect(banner.textContent).not.toContain('Swipe 1');
    expect(within(banner).getByRole('button', { name: 'Acknowledge' })).toBeTruthy();

    // Acknowledged elsewhere (another officer): the banner goes away by itself.
    act(() => {
      deliverLive([
        { seq: 3, event: 'alert', data: { change: 'acknowledged', alert: { ...alert(2, 'critical'), status: 'acknowledged' } } },
      ]);
    });
    await waitFor(() => expect(screen.queryByRole('alert', { name: 'New critical alert' })).toBeNull());
  });

  it('dismissing the banner shows the next critical alert', async () => {
    renderShell(guard);
    act(() => {
      deliverLive([
        { seq: 4, event: 'alert', data: { change: 'raised', alert: alert(3, 'critical') } },
        { seq: 5, event: 'alert', data: { change: 'raised', alert: alert(4, 'emergency') } },
      ]);
    });
    const banner = await screen.findByRole('alert', { name: 'New critical alert' });
    expect(banner.textContent).toContain('Swipe 4');
    expect(banner.textContent).toContain('+1 more');
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.getByRole('alert', { name: 'New critical alert' }).textContent).toContain('Swipe 3'));
  });
});
