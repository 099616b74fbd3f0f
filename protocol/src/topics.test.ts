import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GateSwipe, SensorTelemetry, TerminalOrder } from './events.ts';
import { deviceTopic, EVENT_STREAM_BY_KIND, eventTopic, parseDeviceTopic } from './topics.ts';

describe('topic scheme', () => {
  it('round-trips a device topic', () => {
    const topic = eventTopic('main', 'gate', 'gate-01');
    expect(topic).toBe('campus/main/gate/gate-01/swipe');
    expect(parseDeviceTopic(topic)).toEqual({ site: 'main', kind: 'gate', deviceId: 'gate-01', stream: 'swipe' });
  });

  it.each([
    'campus/main/gate/gate-01',
    'campus/main/gate/gate-01/swipe/extra',
    'other/main/gate/gate-01/swipe',
    'campus/main/printer/p1/swipe',
    'campus/main/gate/../swipe',
    'campus/main/gate/+/swipe',
    'campus//gate/gate-01/swipe',
  ])('refuses %s', (topic) => {
    expect(parseDeviceTopic(topic)).toBeNull();
  });

  it('answers a topic seen before the same way, from memory, and a long one every time', () => {
    const topic = eventTopic('main', 'scale', 'scale-01');
    const first = parseDeviceTopic(topic);
    expect(parseDeviceTopic(topic)).toBe(first);
    // Parsed results are shared between callers: none may change them.
    expect(Object.isFrozen(first)).toBe(true);
    const long = `campus/main/gate/gate-01/${'x'.repeat(300)}`;
    expect(parseDeviceTopic(long)).toEqual({ site: 'main', kind: 'gate', deviceId: 'gate-01', stream: 'x'.repeat(300) });
    expect(parseDeviceTopic(long)).not.toBe(parseDeviceTopic(long));
  });

  it('gives each kind one event stream', () => {
    expect(EVENT_STREAM_BY_KIND).toEqual({ gate: 'swipe', terminal: 'order', scale: 'reading', sensor: 'telemetry' });
    expect(deviceTopic('s', 'sensor', 'x', 'command')).toBe('campus/s/sensor/x/command');
  });
});

describe('protocol types derive from the schemas', () => {
  it('types the payloads', () => {
    expectTypeOf<GateSwipe['direction']>().toEqualTypeOf<'in' | 'out'>();
    expectTypeOf<GateSwipe['eventId']>().toEqualTypeOf<string | number>();
    expectTypeOf<TerminalOrder['items'][number]>().toHaveProperty('unitPrice').toEqualTypeOf<number>();
    expectTypeOf<SensorTelemetry['metrics'][number]['name']>().toEqualTypeOf<string>();
  });
});
