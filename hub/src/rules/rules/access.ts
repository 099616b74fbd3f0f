import Type, { type Static } from 'typebox';
import { HH_MM, inWindow, localDate, localMinutes, parseHhMm } from '../time.ts';
import type { Effect, GateSwipeEvent, Rule, RuleInput, RuleResult } from '../types.ts';

/**
 * Abnormal access (IOT-8, DRM-6). Each rule is its own configuration and its own state, keyed
 * per card, per gate or per building; evidence always carries the swipes that triggered it.
 */

const Zone = Type.String({ default: 'Asia/Shanghai', description: 'Campus time zone for hours and curfews' });

const swipeEvidence = (event: GateSwipeEvent) => ({
  deviceId: event.deviceId,
  cardId: event.cardId,
  direction: event.direction,
  granted: event.granted,
  reason: event.reason,
  ts: event.ts.toISOString(),
});

const gateInput = (input: RuleInput) => (input.kind === 'gate' ? input : null);

// ── swipes in forbidden hours ───────────────────────────────────────────────
const ForbiddenHoursConfig = Type.Object({
  from: Type.String({ pattern: HH_MM, default: '00:30' }),
  to: Type.String({ pattern: HH_MM, default: '05:30' }),
  timezone: Zone,
});
export const forbiddenHoursRule: Rule<Record<string, never>, Static<typeof ForbiddenHoursConfig>> = {
  id: 'access.forbidden_hours',
  category: 'access',
  title: { en: 'Swipe in forbidden hours', zh: '禁止时段刷卡' },
  on: ['gate'],
  configSchema: ForbiddenHoursConfig,
  defaults: { from: '00:30', to: '05:30', timezone: 'Asia/Shanghai' },
  keysOf: (input) => (input.kind === 'gate' ? [`card:${input.event.cardId}`] : []),
  initial: () => ({}),
  evaluate(state, input, config, key) {
    const gate = gateInput(input);
    if (!gate || !inWindow(localMinutes(gate.event.ts, config.timezone), config.from, config.to)) return { state, effects: [] };
    return {
      state,
      effects: [
        {
          type: 'raise_alert',
          subject: key,
          severity: gate.event.granted ? 'critical' : 'warning',
          title: `Swipe at ${gate.event.deviceId} in forbidden hours / 禁止时段刷卡`,
          message: `Card ${gate.event.cardId} ${gate.event.direction} at ${gate.event.deviceId}, ${config.from}–${config.to} is closed`,
          evidence: { swipes: [swipeEvidence(gate.event)], window: { from: config.from, to: config.to } },
        },
      ],
    };
  },
};

// ── repeated denials, per card or per gate ──────────────────────────────────
const DenialsConfig = Type.Object({
  count: Type.Integer({ minimum: 2, maximum: 100, default: 3 }),
  windowMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 5 }),
});
type DenialsState = { recent: Array<ReturnType<typeof swipeEvidence>> };

function denialsRule(scope: 'card' | 'gate'): Rule<DenialsState, Static<typeof DenialsConfig>> {
  return {
    id: scope === 'card' ? 'access.card_denials' : 'access.gate_denials',
    category: 'access',
    title:
      scope === 'card'
        ? { en: 'Repeated denials of one card', zh: '同一卡片多次被拒' }
        : { en: 'Repeated denials at one gate', zh: '同一闸机多次拒绝' },
    on: ['gate'],
    configSchema: DenialsConfig,
    defaults: { count: scope === 'card' ? 3 : 5, windowMinutes: 5 },
    keysOf: (input) =>
      input.kind === 'gate' && !input.event.granted
        ? [scope === 'card' ? `card:${input.event.cardId}` : `gate:${input.event.deviceId}`]
        : [],
    initial: () => ({ recent: [] }),
    evaluate(state, input, config, key) {
      const gate = gateInput(input);
      if (!gate) return { state, effects: [] };
      const since = gate.event.ts.getTime() - config.windowMinutes * 60_000;
      const recent = [...state.recent, swipeEvidence(gate.event)].filter((s) => new Date(s.ts).getTime() > since);
      const effects: Effect[] = [];
      if (recent.length >= config.count) {
        effects.push({
          type: 'raise_alert',
          subject: key,
          severity: 'warning',
          title:
            scope === 'card'
              ? `Card ${gate.event.cardId} denied ${recent.length}× / 卡片多次被拒`
              : `Gate ${gate.event.deviceId}: ${recent.length} denials / 闸机多次拒绝`,
          message: `${recent.length} denials within ${config.windowMinutes} min`,
          evidence: { swipes: recent },
        });
      }
      return { state: { recent: recent.slice(-config.count * 2) }, effects };
    },
  };
}
export const cardDenialsRule = denialsRule('card');
export const gateDenialsRule = denialsRule('gate');

// ── one card at two gates too far apart for the time between ────────────────
const TravelConfig = Type.Object({
  maxSpeedMps: Type.Number({
    minimum: 0.5,
    maximum: 50,
    default: 3,
    description: 'Brisk walking is ~1.5 m/s; a campus bicycle ~5 m/s',
  }),
  minDistanceM: Type.Number({ minimum: 0, default: 150 }),
  gates: Type.Record(Type.String(), Type.Object({ x: Type.Number(), y: Type.Number() }), {
    default: {},
    description: 'Gate positions in metres on a campus grid (device id → {x, y})',
  }),
});
type TravelState = { last: ReturnType<typeof swipeEvidence> | null };
export const impossibleTravelRule: Rule<TravelState, Static<typeof TravelConfig>> = {
  id: 'access.impossible_travel',
  category: 'access',
  title: { en: 'Impossible travel between gates', zh: '不可能的跨闸机移动' },
  on: ['gate'],
  configSchema: TravelConfig,
  defaults: { maxSpeedMps: 3, minDistanceM: 150, gates: {} },
  keysOf: (input) => (input.kind === 'gate' && input.event.granted ? [`card:${input.event.cardId}`] : []),
  initial: () => ({ last: null }),
  evaluate(state, input, config, key) {
    const gate = gateInput(input);
    if (!gate) return { state, effects: [] };
    const to = config.gates[gate.event.deviceId];
    // A swipe at a gate without a position can neither raise nor be compared with later: the
    // card then keeps no state (the same object back stores nothing), which with no positions
    // configured (the default) spares one state per card, and its save.
    if (!to) return { state: state.last === null ? state : { last: null }, effects: [] };
    const current = swipeEvidence(gate.event);
    const previous = state.last;
    const effects: Effect[] = [];
    const from = previous ? config.gates[previous.deviceId] : undefined;
    if (previous && from && previous.deviceId !== current.deviceId) {
      const distance = Math.hypot(to.x - from.x, to.y - from.y);
      const seconds = Math.max((new Date(current.ts).getTime() - new Date(previous.ts).getTime()) / 1000, 0.001);
      if (distance >= config.minDistanceM && distance / seconds > config.maxSpeedMps) {
        effects.push({
          type: 'raise_alert',
          subject: key,
          severity: 'critical',
          title: `Card ${current.cardId} at two distant gates / 卡片异地快速出现`,
          message: `${Math.round(distance)} m in ${Math.round(seconds)} s (${(distance / seconds).toFixed(1)} m/s > ${config.maxSpeedMps} m/s): possible cloned or shared card`,
          evidence: { swipes: [previous, current], distanceM: Math.round(distance), seconds: Math.round(seconds) },
        });
      }
    }
    return { state: { last: current }, effects };
  },
};

// ── passback: in twice without out ──────────────────────────────────────────
type PassbackState = { lastDirection: 'in' | 'out' | null; lastSwipe: ReturnType<typeof swipeEvidence> | null };
export const passbackRule: Rule<PassbackState, Record<string, never>> = {
  id: 'access.passback',
  category: 'access',
  title: { en: 'Passback (in twice without out)', zh: '反潜回（连续两次进入）' },
  on: ['gate'],
  needs: ['gate'],
  configSchema: Type.Object({}),
  defaults: {},
  keysOf: (input) =>
    input.kind === 'gate' && input.event.granted
      ? [`card:${input.event.cardId}@${input.facts.gate?.buildingId ?? input.event.deviceId}`]
      : [],
  initial: () => ({ lastDirection: null, lastSwipe: null }),
  evaluate(state, input, _config, key) {
    const gate = gateInput(input);
    if (!gate) return { state, effects: [] };
    const current = swipeEvidence(gate.event);
    const effects: Effect[] = [];
    if (current.direction === 'in' && state.lastDirection === 'in' && state.lastSwipe) {
      effects.push({
        type: 'raise_alert',
        subject: key,
        severity: 'warning',
        title: `Passback by card ${current.cardId} / 反潜回`,
        message: 'Entered twice without leaving in between: the card may have been passed back to someone else',
        evidence: { swipes: [state.lastSwipe, current], buildingId: gate.facts.gate?.buildingId ?? null },
      });
    }
    return { state: { lastDirection: current.direction, lastSwipe: current }, effects };
  },
};

// ── a resident entering another building outside visiting hours ─────────────
const OtherBuildingConfig = Type.Object({ timezone: Zone });
export const otherBuildingRule: Rule<Record<string, never>, Static<typeof OtherBuildingConfig>> = {
  id: 'access.other_building',
  category: 'access',
  title: { en: 'Entry into another building outside visiting hours', zh: '非探访时间进入其他楼栋' },
  on: ['gate'],
  needs: ['resident', 'gate', 'day'],
  configSchema: OtherBuildingConfig,
  defaults: { timezone: 'Asia/Shanghai' },
  keysOf: (input) =>
    input.kind === 'gate' && input.event.granted && input.event.direction === 'in' ? [`card:${input.event.cardId}`] : [],
  initial: () => ({}),
  evaluate(state, input, config, key) {
    const gate = gateInput(input);
    const resident = gate?.facts.resident;
    const building = gate?.facts.gate?.buildingId;
    if (!gate || !resident?.buildingId || !building || resident.buildingId === building) return { state, effects: [] };
    if (resident.visitorPassBuildings.includes(building)) return { state, effects: [] };
    const hours = gate.facts.day?.visitingHours;
    if (hours && inWindow(localMinutes(gate.event.ts, config.timezone), hours.from, hours.to)) return { state, effects: [] };
    return {
      state,
      effects: [
        {
          type: 'raise_alert',
          subject: key,
          severity: 'warning',
          title: `${resident.name} entered building ${building} / 非本楼住户进入`,
          message: `Lives in ${resident.buildingId}; ${hours ? `visiting hours are ${hours.from}–${hours.to}` : 'no visiting hours today'}`,
          evidence: {
            swipes: [swipeEvidence(gate.event)],
            residentId: resident.residentId,
            home: resident.buildingId,
            entered: building,
          },
        },
      ],
    };
  },
};

// ── cards of unknown, revoked, checked-out or graduated residents ───────────
export const invalidCardRule: Rule<Record<string, never>, Record<string, never>> = {
  id: 'access.invalid_card',
  category: 'access',
  title: { en: 'Card of an unknown, revoked or departed resident', zh: '无效卡片（未知、已注销或已退宿）' },
  on: ['gate'],
  needs: ['resident'],
  configSchema: Type.Object({}),
  defaults: {},
  keysOf: (input) => (input.kind === 'gate' ? [`card:${input.event.cardId}`] : []),
  initial: () => ({}),
  evaluate(state, input, _config, key) {
    const gate = gateInput(input);
    if (!gate) return { state, effects: [] };
    const resident = gate.facts.resident;
    let problem: string | null = null;
    if (!resident) problem = 'unknown card / 未登记卡片';
    else if (resident.cardStatus !== 'active')
      problem = `card ${resident.cardStatus} / 卡片${resident.cardStatus === 'revoked' ? '已注销' : '无效'}`;
    else if (resident.status !== 'active')
      problem = `resident ${resident.status.replace('_', ' ')} / 住户已${resident.status === 'graduated' ? '毕业' : '退宿'}`;
    if (!problem) return { state, effects: [] };
    return {
      state,
      effects: [
        {
          type: 'raise_alert',
          subject: key,
          // Let in on an invalid card is the worse case: someone is inside who should not be.
          severity: gate.event.granted ? 'critical' : 'warning',
          title: `Invalid card ${gate.event.cardId}: ${problem}`,
          message: `${gate.event.granted ? 'Granted' : 'Denied'} at ${gate.event.deviceId}`,
          evidence: { swipes: [swipeEvidence(gate.event)], residentId: resident?.residentId ?? null },
        },
      ],
    };
  },
};

// ── residents not back by curfew and not on approved leave ──────────────────
const CurfewConfig = Type.Object({ timezone: Zone, graceMinutes: Type.Integer({ minimum: 0, maximum: 240, default: 15 }) });
type CurfewState = { listed: Record<string, string[]> };
export const curfewRule: Rule<CurfewState, Static<typeof CurfewConfig>> = {
  id: 'access.curfew',
  category: 'access',
  title: { en: 'Not back by curfew', zh: '晚归未归' },
  on: ['tick'],
  needs: ['day', 'curfew'],
  configSchema: CurfewConfig,
  defaults: { timezone: 'Asia/Shanghai', graceMinutes: 15 },
  keysOf: () => [],
  initial: () => ({ listed: {} }),
  evaluate(state, input, config) {
    if (input.kind !== 'tick') return { state, effects: [] };
    const curfew = input.facts.day?.curfew;
    const outstanding = input.facts.curfew?.outstanding;
    if (!curfew || !outstanding) return { state, effects: [] };
    const minutes = localMinutes(input.now, config.timezone);
    const due = parseHhMm(curfew) + config.graceMinutes;
    // The night runs from curfew (plus grace) to 06:00; the list belongs to the evening's date.
    const inNight = minutes >= due || minutes < 6 * 60;
    if (!inNight) return { state: { listed: {} }, effects: [] };
    const nightOf = localDate(new Date(input.now.getTime() - (minutes < 6 * 60 ? 86_400_000 : 0)), config.timezone);
    const byBuilding = new Map<string, typeof outstanding>();
    for (const resident of outstanding)
      byBuilding.set(resident.buildingId, [...(byBuilding.get(resident.buildingId) ?? []), resident]);
    const effects: Effect[] = [];
    const listed: Record<string, string[]> = {};
    for (const building of new Set([...byBuilding.keys(), ...Object.keys(state.listed)])) {
      const residents = byBuilding.get(building) ?? [];
      const subject = `curfew:${building}:${nightOf}`;
      listed[building] = residents.map((r) => r.residentId).sort();
      if (residents.length === 0) {
        if ((state.listed[building]?.length ?? 0) > 0)
          effects.push({ type: 'resolve_alert', subject, note: 'everyone on the list is back / 名单人员均已返回' });
        continue;
      }
      if (JSON.stringify(listed[building]) === JSON.stringify(state.listed[building])) continue;
      effects.push({
        type: 'raise_alert',
        subject,
        severity: 'warning',
        title: `${residents.length} not back by curfew in ${building} / ${building} 晚归未归 ${residents.length} 人`,
        message: `Curfew ${curfew}; not on approved leave`,
        evidence: { curfew, residents },
      });
    }
    return { state: { listed }, effects };
  },
};

// ── a gate that drops off ───────────────────────────────────────────────────
/**
 * A gate is offline when its connection is gone: its last will (published by the broker when
 * the connection dies without a goodbye, or when keep-alives stop) or its own `offline` says
 * so, and it has not come back within `offlineMinutes` (a reboot is not an incident). Silence
 * alone is not evidence: a dorm gate sees no swipe for an hour on a quiet night. It is back
 * with its `online` status or any event; the alert then resolves itself.
 */
const OfflineConfig = Type.Object({ offlineMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 10 }) });
type OfflineState = { offlineSince: string | null; alerted: boolean; lastSeen: string | null };
export const gateOfflineRule: Rule<OfflineState, Static<typeof OfflineConfig>> = {
  id: 'access.gate_offline',
  category: 'access',
  title: { en: 'Gate offline', zh: '闸机离线' },
  on: ['gate', 'status', 'tick'],
  configSchema: OfflineConfig,
  defaults: { offlineMinutes: 10 },
  keysOf: (input) => {
    if (input.kind === 'gate') return [`gate:${input.event.deviceId}`];
    if (input.kind === 'status' && input.signal.kind === 'gate') return [`gate:${input.signal.deviceId}`];
    return [];
  },
  initial: () => ({ offlineSince: null, alerted: false, lastSeen: null }),
  evaluate(state, input, config, key) {
    const backOnline = (at: Date): RuleResult<OfflineState> => ({
      state: { offlineSince: null, alerted: false, lastSeen: at.toISOString() },
      effects: state.alerted ? [{ type: 'resolve_alert', subject: key, note: 'the gate is back online / 闸机恢复在线' }] : [],
    });
    if (input.kind === 'gate') return backOnline(input.event.receivedAt);
    if (input.kind === 'status') {
      if (input.signal.status === 'online') return backOnline(input.signal.receivedAt);
      if (state.offlineSince) return { state, effects: [] };
      return { state: { ...state, offlineSince: input.signal.receivedAt.toISOString() }, effects: [] };
    }
    if (input.kind !== 'tick' || !state.offlineSince || state.alerted) return { state, effects: [] };
    const offlineMs = input.now.getTime() - new Date(state.offlineSince).getTime();
    if (offlineMs < config.offlineMinutes * 60_000) return { state, effects: [] };
    return {
      state: { ...state, alerted: true },
      effects: [
        {
          type: 'raise_alert',
          subject: key,
          severity: 'critical',
          title: `${key.slice(5)} offline / 闸机离线`,
          message: `Disconnected for ${Math.round(offlineMs / 60_000)} min (limit ${config.offlineMinutes}); last event ${state.lastSeen ?? 'never'}`,
          evidence: { offlineSince: state.offlineSince, lastSeen: state.lastSeen },
        },
      ],
    };
  },
};

export const ACCESS_RULES = [
  forbiddenHoursRule,
  cardDenialsRule,
  gateDenialsRule,
  impossibleTravelRule,
  passbackRule,
  otherBuildingRule,
  invalidCardRule,
  curfewRule,
  gateOfflineRule,
];
