import { describe, expect, it } from 'vitest';
import { GATE_OFFLINE_MS, gateStatuses } from './use-security.ts';

const NOW = Date.parse('2026-11-24T18:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const gate = (id: string, lastSeen: string | null, connection: 'online' | 'offline' | null) => ({
  id,
  kind: 'gate',
  site: 'main',
  label: null,
  enabled: true,
  lastSeen,
  connection,
});

describe('gate status on the security board', () => {
  it('trusts what a gate says of its connection, and falls back to its last event only when it never says', () => {
    const statuses = gateStatuses(
      [
        gate('quiet-but-connected', ago(3 * GATE_OFFLINE_MS), 'online'),
        gate('dropped', ago(60_000), 'offline'),
        gate('silent-legacy', ago(2 * GATE_OFFLINE_MS), null),
        gate('busy-legacy', ago(30_000), null),
        gate('alerted', ago(30_000), 'online'),
      ],
      [],
      new Map(),
      new Set(['alerted']),
      NOW,
    );
    const online = Object.fromEntries(statuses.map((s) => [s.id, s.online]));
    expect(online).toEqual({
      'quiet-but-connected': true,
      dropped: false,
      'silent-legacy': false,
      'busy-legacy': true,
      alerted: false,
    });
    // Offline gates first: they are what the officer must see.
    expect(statuses.slice(0, 3).every((s) => !s.online)).toBe(true);
  });
});
