import { describe, expect, it } from 'vitest';
import { KITCHEN_NEXT, kitchenAllows, OPEN_KITCHEN_STATUSES } from './kitchen-workflow.ts';
import { KITCHEN_STATUSES } from './vocabulary.ts';

describe('kitchen order workflow', () => {
  it('CAT-2 moves forward: pending → preparing → ready → served', () => {
    expect(kitchenAllows('pending', 'preparing')).toBe(true);
    expect(kitchenAllows('preparing', 'ready')).toBe(true);
    expect(kitchenAllows('ready', 'served')).toBe(true);
    expect(kitchenAllows('pending', 'ready')).toBe(true);
  });

  it('CAT-2 never goes back, skips serving, or leaves served', () => {
    expect(kitchenAllows('ready', 'preparing')).toBe(false);
    expect(kitchenAllows('pending', 'served')).toBe(false);
    for (const to of KITCHEN_STATUSES) expect(kitchenAllows('served', to)).toBe(false);
    for (const status of KITCHEN_STATUSES) expect(kitchenAllows(status, status)).toBe(false);
  });

  it('shows every status but served on the live queue', () => {
    expect(OPEN_KITCHEN_STATUSES).toEqual(KITCHEN_STATUSES.filter((s) => KITCHEN_NEXT[s].length > 0));
  });
});
