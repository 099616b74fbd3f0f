import type { RequisitionDrafter } from '../../contracts.ts';

/**
 * The contexts catering asks for help, found at run time in the composition root's services:
 * procurement drafts requisitions from a confirmed purchase plan (RequisitionDrafter), the
 * academic calendar says which days are holidays. Both are optional: without procurement,
 * confirming a plan is refused with a clear 409 (never faked); without a calendar, forecasts
 * treat every day as a school day. Looked up on each use, so the order in which the
 * composition root builds services does not matter.
 */
export interface CateringPeers {
  requisitions(): RequisitionDrafter | undefined;
  /** Whether the date is a holiday, or undefined when no calendar is available. */
  isHoliday(date: string): Promise<boolean | undefined>;
}

function member(source: object | undefined, name: string): unknown {
  if (source === undefined || !(name in source)) return undefined;
  const value: unknown = Reflect.get(source, name);
  return value;
}

function isDrafter(value: unknown): value is RequisitionDrafter {
  return (
    typeof value === 'object' && value !== null && 'draftRequisition' in value && typeof value.draftRequisition === 'function'
  );
}

/** @param services the hub's services (HubServices), read as an open object: peers may be absent. */
export function peersIn(services: object | undefined): CateringPeers {
  return {
    requisitions() {
      const procurement = member(services, 'procurement');
      return isDrafter(procurement) ? procurement : undefined;
    },
    async isHoliday(date) {
      const calendar = member(services, 'calendar');
      if (typeof calendar !== 'object' || calendar === null || !('dayInfo' in calendar) || typeof calendar.dayInfo !== 'function')
        return undefined;
      const info: unknown = await calendar.dayInfo(date);
      if (typeof info !== 'object' || info === null || !('isHoliday' in info) || typeof info.isHoliday !== 'boolean')
        return undefined;
      return info.isHoliday;
    },
  };
}
