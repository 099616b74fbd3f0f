import type { DeviceEventByKind, DeviceKind } from '@campus/protocol';

/**
 * Validated device events as CSV rows of the gateway's event tables (gateway/src/schema.ts),
 * the same rows the product writes: one per event, one per metric for sensor telemetry.
 */
export const COPY_COLUMNS: Record<DeviceKind, string> = {
  gate: 'ts, received_at, site, device_id, event_id, card_id, direction, granted, reason',
  terminal: 'ts, received_at, site, device_id, event_id, order_id, items, total, payer_card, meal_period',
  scale: 'ts, received_at, site, device_id, event_id, item_id, gross, net, unit, net_kg',
  sensor: 'ts, received_at, site, device_id, event_id, asset_id, metric, value, unit',
};

const KG_PER_UNIT = { kg: 1, g: 0.001, lb: 0.453_592_37 } as const;
const NEEDS_QUOTES = /[",\n\r]/;

/** A CSV field; quoted when it must be, and always when empty (unquoted empty means NULL). */
function text(value: string): string {
  if (value.length === 0) return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export class CsvBatch {
  readonly lines: Record<DeviceKind, string[]> = { gate: [], terminal: [], scale: [], sensor: [] };
  events = 0;
  rows = 0;

  add<Kind extends DeviceKind>(
    kind: Kind,
    site: string,
    deviceId: string,
    event: DeviceEventByKind[Kind],
    receivedAtIso: string,
  ): void {
    const head = `${new Date(event.ts).toISOString()},${receivedAtIso},${text(site)},${text(deviceId)},${text(String(event.eventId))}`;
    this.events += 1;
    const body = event as DeviceEventByKind[DeviceKind];
    switch (kind) {
      case 'gate': {
        const swipe = body as DeviceEventByKind['gate'];
        const reason = swipe.reason === undefined ? '' : text(swipe.reason);
        this.#push('gate', `${head},${text(swipe.cardId)},${swipe.direction},${swipe.result === 'granted'},${reason}\n`);
        return;
      }
      case 'terminal': {
        const order = body as DeviceEventByKind['terminal'];
        this.#push(
          'terminal',
          `${head},${text(order.orderId)},${text(JSON.stringify(order.items))},${order.total},${text(order.payerCard)},${order.mealPeriod}\n`,
        );
        return;
      }
      case 'scale': {
        const reading = body as DeviceEventByKind['scale'];
        const netKg = reading.net * KG_PER_UNIT[reading.unit];
        this.#push('scale', `${head},${text(reading.itemId)},${reading.gross},${reading.net},${reading.unit},${netKg}\n`);
        return;
      }
      case 'sensor': {
        const telemetry = body as DeviceEventByKind['sensor'];
        const asset = text(telemetry.assetId);
        for (const metric of telemetry.metrics) {
          this.#push('sensor', `${head},${asset},${metric.name},${metric.value},${text(metric.unit)}\n`);
        }
        return;
      }
    }
  }

  #push(kind: DeviceKind, line: string): void {
    this.lines[kind].push(line);
    this.rows += 1;
  }
}
