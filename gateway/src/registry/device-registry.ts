import { createHash } from 'node:crypto';
import { type DeviceKind, isDeviceKind, isValidId } from '@campus/protocol';
import type { Queryable } from '@campus/storage';
import { generateSecret, hashSecret, verifySecret } from './secrets.ts';

export interface Device {
  id: string;
  kind: DeviceKind;
  site: string;
  label: string | null;
  enabled: boolean;
}

export interface DeviceRow extends Device {
  secretHash: string;
}

export class DeviceRegistryError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'DeviceRegistryError';
    this.field = field;
  }
}

/**
 * The device registry (IOT-6): who may connect and which topics are theirs.
 * Rows are few (a campus has thousands of devices, not millions), so they are held in memory
 * and re-read on every change; secret checks are cached so reconnect storms stay cheap.
 */
export class DeviceRegistry {
  readonly #db: Queryable;
  #devices = new Map<string, DeviceRow>();
  /** deviceId → sha256 of the last secret that verified, so reconnects skip the KDF. */
  readonly #verified = new Map<string, string>();

  constructor(db: Queryable) {
    this.#db = db;
  }

  async load(): Promise<void> {
    const rows = await this.#db.query<{
      id: string;
      kind: string;
      site: string;
      label: string | null;
      enabled: boolean;
      secret_hash: string;
    }>('SELECT id, kind, site, label, enabled, secret_hash FROM devices');
    const next = new Map<string, DeviceRow>();
    for (const row of rows) {
      if (!isDeviceKind(row.kind)) continue;
      next.set(row.id, {
        id: row.id,
        kind: row.kind,
        site: row.site,
        label: row.label,
        enabled: row.enabled,
        secretHash: row.secret_hash,
      });
    }
    this.#devices = next;
    this.#verified.clear();
  }

  get(id: string): Device | undefined {
    const row = this.#devices.get(id);
    return row && { id: row.id, kind: row.kind, site: row.site, label: row.label, enabled: row.enabled };
  }

  list(): Device[] {
    return [...this.#devices.keys()].sort().flatMap((id) => this.get(id) ?? []);
  }

  rows(): DeviceRow[] {
    return [...this.#devices.values()];
  }

  /** Checks a device's credentials; unknown and disabled devices never authenticate. */
  authenticate(id: string, secret: string): Device | undefined {
    const row = this.#devices.get(id);
    if (!row?.enabled) return undefined;
    const fingerprint = createHash('sha256').update(secret).digest('hex');
    if (this.#verified.get(id) === fingerprint) return this.get(id);
    if (!verifySecret(secret, row.secretHash)) return undefined;
    this.#verified.set(id, fingerprint);
    return this.get(id);
  }

  /**
   * Registers a device (or replaces its secret) and returns the plain secret, shown once.
   * @throws DeviceRegistryError naming the invalid field.
   */
  async register(input: {
    id: string;
    kind: string;
    site: string;
    label?: string | null;
    secret?: string;
  }): Promise<{ device: Device; secret: string }> {
    if (!isValidId(input.id)) throw new DeviceRegistryError('id', 'must be 1-64 letters, digits, . _ - (starting alphanumeric)');
    if (!isDeviceKind(input.kind)) throw new DeviceRegistryError('kind', 'must be one of gate, terminal, scale, sensor');
    if (!isValidId(input.site))
      throw new DeviceRegistryError('site', 'must be 1-64 letters, digits, . _ - (starting alphanumeric)');
    if (input.secret !== undefined && input.secret.length < 12)
      throw new DeviceRegistryError('secret', 'must be at least 12 characters');
    const secret = input.secret ?? generateSecret();
    await this.#db.query(
      `INSERT INTO devices (id, kind, site, label, secret_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, site = EXCLUDED.site, label = EXCLUDED.label,
         secret_hash = EXCLUDED.secret_hash, enabled = true, updated_at = now()`,
      [input.id, input.kind, input.site, input.label ?? null, hashSecret(secret)],
    );
    await this.load();
    const device = this.get(input.id);
    if (!device) throw new Error(`device ${input.id} vanished after registration`);
    return { device, secret };
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const rows = await this.#db.query('UPDATE devices SET enabled = $2, updated_at = now() WHERE id = $1 RETURNING id', [
      id,
      enabled,
    ]);
    if (rows.length === 0) throw new DeviceRegistryError('id', `no device ${id}`);
    await this.load();
  }
}
