import { DEVICE_KINDS, type DeviceKind } from '@campus/protocol';

/** A device a load generator publishes as: its MQTT username is its id, its password the secret. */
export interface LoadDevice {
  id: string;
  kind: DeviceKind;
  site: string;
  secret: string;
}

export type KindMix = Record<DeviceKind, number>;

export const EVEN_MIX: KindMix = { gate: 1, terminal: 1, scale: 1, sensor: 1 };

export interface FleetPlan {
  processes: number;
  /** Devices of each kind in each process. */
  devicesPerKind: number;
  /** Kinds weighted 0 get no devices. */
  mix: KindMix;
  idPrefix: string;
  site: string;
  secret: string;
}

/** Splits a fleet into one device list per publisher process, every process with the same kinds. */
export function planFleet(plan: FleetPlan): LoadDevice[][] {
  const kinds = DEVICE_KINDS.filter((kind) => plan.mix[kind] > 0);
  return Array.from({ length: plan.processes }, (_, process) =>
    kinds.flatMap((kind) =>
      Array.from({ length: plan.devicesPerKind }, (_, index) => ({
        id: `${plan.idPrefix}-p${process}-${kind}-${index}`,
        kind,
        site: plan.site,
        secret: plan.secret,
      })),
    ),
  );
}

/** Parses `gate=1,terminal=1,scale=1,sensor=1`; kinds left out weigh 0. */
export function parseMix(text: string): KindMix {
  const mix: KindMix = { gate: 0, terminal: 0, scale: 0, sensor: 0 };
  for (const part of text.split(',')) {
    const [kind, weight] = part.split('=').map((piece) => piece.trim());
    const value = Number(weight);
    if (!kind || !(DEVICE_KINDS as readonly string[]).includes(kind) || !Number.isFinite(value) || value < 0) {
      throw new Error(`mix entry "${part}" must be kind=weight with kind one of ${DEVICE_KINDS.join(', ')}`);
    }
    mix[kind as DeviceKind] = value;
  }
  if (Object.values(mix).every((weight) => weight === 0)) throw new Error('mix gives every kind weight 0');
  return mix;
}
