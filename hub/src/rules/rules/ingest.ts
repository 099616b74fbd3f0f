import Type, { type Static } from 'typebox';
import type { Rule } from '../types.ts';

/**
 * Faulty device (IOT-5 operations): a registered device whose messages the gateway keeps
 * refusing (bad firmware, a wrong clock, a misconfigured topic) is an outage nobody sees on a
 * live feed — its data is simply missing. N refusals within M minutes raise one warning per
 * episode, with the reasons counted and a few samples; the alert resolves itself once the
 * device has gone `quietMinutes` without a refusal. Refusals are counted by the gateway's
 * receipt time: a faulty device's own timestamps are exactly what cannot be trusted.
 */
const FaultyDeviceConfig = Type.Object({
  count: Type.Integer({ minimum: 2, maximum: 10_000, default: 10, description: 'Refused messages that make an episode' }),
  windowMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 5 }),
  quietMinutes: Type.Integer({
    minimum: 1,
    maximum: 1440,
    default: 15,
    description: 'Minutes without a refusal after which the alert resolves itself',
  }),
});
type Sample = { at: number; reason: string; detail: string };
type FaultyDeviceState = { recent: number[]; alerting: boolean; lastRejectAt: number | null; samples: Sample[] };
const SAMPLES_KEPT = 5;

export const faultyDeviceRule: Rule<FaultyDeviceState, Static<typeof FaultyDeviceConfig>> = {
  id: 'ingest.faulty_device',
  category: 'ingest',
  title: { en: 'Device sending refused messages', zh: '设备持续发送无效消息' },
  on: ['reject', 'tick'],
  configSchema: FaultyDeviceConfig,
  defaults: { count: 10, windowMinutes: 5, quietMinutes: 15 },
  keysOf: (input) => (input.kind === 'reject' ? [`device:${input.rejected.deviceId}`] : []),
  initial: () => ({ recent: [], alerting: false, lastRejectAt: null, samples: [] }),
  evaluate(state, input, config, key) {
    if (input.kind === 'tick') {
      const quietFor = state.lastRejectAt === null ? 0 : input.now.getTime() - state.lastRejectAt;
      if (!state.alerting || quietFor < config.quietMinutes * 60_000) return { state, effects: [] };
      return {
        state: { ...state, alerting: false, recent: [] },
        effects: [
          {
            type: 'resolve_alert',
            subject: key,
            note: `no refused message for ${config.quietMinutes} min / ${config.quietMinutes} 分钟内无无效消息`,
          },
        ],
      };
    }
    if (input.kind !== 'reject') return { state, effects: [] };
    const at = input.rejected.receivedAt.getTime();
    const since = at - config.windowMinutes * 60_000;
    // Bounded by the threshold: only the newest `count` refusals can decide an episode.
    const recent = [...state.recent.filter((t) => t > since), at].slice(-config.count);
    const samples = [...state.samples, { at, reason: input.rejected.reason, detail: input.rejected.detail }].slice(-SAMPLES_KEPT);
    const next: FaultyDeviceState = { recent, alerting: state.alerting, lastRejectAt: at, samples };
    if (state.alerting || recent.length < config.count) return { state: next, effects: [] };
    const reasons: Record<string, number> = {};
    for (const sample of samples) reasons[sample.reason] = (reasons[sample.reason] ?? 0) + 1;
    const deviceId = key.slice('device:'.length);
    return {
      state: { ...next, alerting: true },
      effects: [
        {
          type: 'raise_alert',
          subject: key,
          severity: 'warning',
          title: `${deviceId} sends refused messages / 设备发送无效消息`,
          message: `${recent.length} messages refused within ${config.windowMinutes} min (limit ${config.count}); its data is not being recorded`,
          evidence: {
            refused: recent.length,
            windowMinutes: config.windowMinutes,
            firstAt: new Date(recent[0] ?? at).toISOString(),
            lastAt: new Date(at).toISOString(),
            latestReasons: reasons,
            samples: samples.map((sample) => ({ ...sample, at: new Date(sample.at).toISOString() })),
          },
        },
      ],
    };
  },
};

export const INGEST_RULES = [faultyDeviceRule];
