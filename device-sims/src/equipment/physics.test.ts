import { describe, expect, it } from 'vitest';
import { atLocal, HOUR_MS, localDay } from '../time.ts';
import { ALL_DEMO_ASSETS, ASSET_TYPE_SPECS, type AssetSpec } from './assets.ts';
import { FaultRegistry, runtimeHours, sampleAsset } from './physics.ts';

const OPTIONS = { seed: 1, utcOffsetMin: 480 };
const day = localDay(Date.UTC(2026, 10, 24), 480);
const at = (hour: number) => atLocal(day, hour * 60, 480);
const pump: AssetSpec = { id: 'pump-1', type: 'pump', building: 'EnergyCentre' };

describe('equipment physics', () => {
  it('keeps every healthy metric of every asset inside its engineering range, all day', () => {
    for (const asset of ALL_DEMO_ASSETS) {
      for (let hour = 0; hour < 24; hour += 0.25) {
        const reading = sampleAsset(asset, at(hour), {}, OPTIONS);
        for (const metric of ASSET_TYPE_SPECS[asset.type].metrics) {
          const value = reading.values[metric.name];
          expect(value, `${asset.id} ${metric.name} ${hour}h`).toBeGreaterThanOrEqual(metric.range.low);
          expect(value, `${asset.id} ${metric.name} ${hour}h`).toBeLessThanOrEqual(metric.range.high);
          if (metric.limits && metric.name !== 'filter_dp') {
            const { warning, direction } = metric.limits;
            if (reading.status === 1)
              expect(direction === 'low' ? (value ?? 0) > warning : (value ?? 0) < warning, `${asset.id} ${metric.name}`).toBe(
                true,
              );
          }
        }
      }
    }
  });

  it('follows the duty cycle: a pump runs 07:00-22:00 and its runtime counter advances only then', () => {
    expect(sampleAsset(pump, at(3), {}, OPTIONS).status).toBe(0);
    expect(sampleAsset(pump, at(9), {}, OPTIONS).status).toBe(1);
    expect(runtimeHours(pump, at(9), OPTIONS) - runtimeHours(pump, at(8), OPTIONS)).toBeCloseTo(1, 6);
    expect(runtimeHours(pump, at(5), OPTIONS)).toBe(runtimeHours(pump, at(3), OPTIONS));
  });

  it('is a function of the instant: the same inputs give the same reading', () => {
    expect(sampleAsset(pump, at(10) + 1234, {}, OPTIONS)).toEqual(sampleAsset(pump, at(10) + 1234, {}, OPTIONS));
    expect(sampleAsset(pump, at(10), {}, OPTIONS)).not.toEqual(sampleAsset(pump, at(10), {}, { ...OPTIONS, seed: 2 }));
  });

  it('degrades: bearing wear raises vibration and bearing temperature, and at 1 the machine trips', () => {
    const wear = (severity: number) => sampleAsset(pump, at(14), { bearing_wear: severity }, OPTIONS);
    const vibrations = [0, 0.25, 0.5, 0.75, 0.99].map((severity) => wear(severity).values.vibration ?? 0);
    for (let index = 1; index < vibrations.length; index += 1)
      expect(vibrations[index]).toBeGreaterThan(vibrations[index - 1] ?? 0);
    expect(vibrations[0]).toBeLessThan(2.8);
    expect(vibrations[4]).toBeGreaterThan(11);
    expect(wear(0.99).values.bearing_temperature).toBeGreaterThan(wear(0).values.bearing_temperature ?? 0);
    expect(wear(1)).toMatchObject({ status: 2, values: { current: 0 } });
    const chiller: AssetSpec = { id: 'chiller-1', type: 'chiller', building: 'EnergyCentre' };
    expect(sampleAsset(chiller, at(14), { overheating: 0.99 }, OPTIONS).values.supply_temperature).toBeGreaterThan(14);
    expect(sampleAsset(chiller, at(14), { overheating: 1 }, OPTIONS).status).toBe(2);
  });

  it('ramps faults over time and keeps the failure after the ramp', () => {
    const faults = new FaultRegistry();
    faults.add({ assetId: 'pump-1', kind: 'bearing_wear', from: at(12), to: at(18) });
    expect(faults.at('pump-1', at(11))).toEqual({});
    expect(faults.at('pump-1', at(15)).bearing_wear).toBeCloseTo(0.5, 6);
    expect(faults.at('pump-1', at(20) + 5 * HOUR_MS)).toEqual({ bearing_wear: 1 });
    expect(faults.at('pump-2', at(15))).toEqual({});
    expect(() => faults.add({ assetId: 'x', kind: 'overheating', from: 2, to: 1 })).toThrow();
  });
});
