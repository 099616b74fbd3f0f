import type { DeviceEventByKind, DeviceKind } from '@campus/protocol';

/**
 * What a simulated device does at an instant of simulated time. Sources (the campus profile,
 * scenarios) produce actions; the runner performs them over MQTT. Plans are plain data, so a
 * test can compare what a scenario planned with what the gateway stored.
 */
export type SimAction =
  | {
      at: number;
      deviceId: string;
      type: 'event';
      kind: DeviceKind;
      event: DeviceEventByKind[DeviceKind];
      qos?: 0 | 1;
    }
  | {
      /** A payload that is not a valid event (faulty devices): published as is. */
      at: number;
      deviceId: string;
      type: 'raw';
      payload: string;
      encoding?: 'utf8' | 'base64';
      /** Defaults to the device's own event topic; another topic is an ACL violation. */
      topic?: string;
      qos?: 0 | 1;
      /** What is wrong with it, and the reject reason the gateway should record. */
      expect: string;
    }
  | {
      /** The connection dies without DISCONNECT: the broker publishes the device's last will. */
      at: number;
      deviceId: string;
      type: 'drop';
    }
  | { at: number; deviceId: string; type: 'reconnect' };

export type EventAction = Extract<SimAction, { type: 'event' }>;

export interface ActionSource {
  readonly name: string;
  /**
   * Background sources (the campus profile) yield to scenarios: their actions for a device
   * a running scenario has claimed are skipped.
   */
  readonly background: boolean;
  /** Actions with `from ≤ at < to`, in time order. Called with increasing, adjacent windows. */
  actions(from: number, to: number): SimAction[];
}

/** A fixed list of actions (a scenario's plan) as a source. */
export function listSource(name: string, actions: readonly SimAction[], background = false): ActionSource {
  const sorted = [...actions].sort((a, b) => a.at - b.at);
  return {
    name,
    background,
    actions: (from, to) => sorted.filter((action) => action.at >= from && action.at < to),
  };
}

export function eventAction<Kind extends DeviceKind>(
  at: number,
  deviceId: string,
  kind: Kind,
  event: DeviceEventByKind[Kind],
): EventAction {
  return { at, deviceId, type: 'event', kind, event };
}
