import { FACILITY_KIND_INFO, FACILITY_KINDS, type FacilityKind, isFacilityKind } from './vocabulary.ts';

/** What a room's facility register (DRM-4) starts with, and the short spec the CSV import writes it in. */

export interface FacilitySpec {
  kind: FacilityKind;
  label: string;
  assetId: string | null;
}

/** "Desk 2 / 书桌2": both languages, numbered when there are several. */
export function facilityLabel(kind: FacilityKind, index: number | null): string {
  const info = FACILITY_KIND_INFO[kind];
  return index === null ? `${info.en} / ${info.zh}` : `${info.en} ${index} / ${info.zh}${index}`;
}

/** One bed item per bed; a desk, chair and wardrobe per bed; door, window, power, light, air conditioner. */
export const DEFAULT_FACILITIES = 'desk*;chair*;wardrobe*;door;window;power;light;air_conditioner';

/**
 * Parses a register spec: items separated by `;`, each `kind`, `kind*n` (n numbered items) or
 * `kind*` (one per bed). Bed items always come from the beds themselves.
 * @returns the items, or the first problem.
 */
export function parseFacilities(
  spec: string,
  bedLabels: readonly string[],
): { ok: true; items: FacilitySpec[] } | { ok: false; reason: string } {
  const items: FacilitySpec[] = bedLabels.map((label) => ({ kind: 'bed', label: `Bed ${label} / ${label}号床`, assetId: null }));
  for (const part of spec
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+)(?:\*(\d{0,2}))?$/.exec(part);
    const kind = match?.[1] ?? '';
    if (!match || !isFacilityKind(kind))
      return { ok: false, reason: `${part} is not kind, kind*n or kind* (kinds: ${FACILITY_KINDS.join(', ')})` };
    if (kind === 'bed') continue;
    const star = match[2];
    const count = star === undefined ? 1 : star === '' ? bedLabels.length : Number(star);
    if (count < 1 || count > 20) return { ok: false, reason: `${part}: between 1 and 20 of a kind` };
    for (let i = 1; i <= count; i++)
      items.push({ kind, label: facilityLabel(kind, star === undefined ? null : i), assetId: null });
  }
  return { ok: true, items };
}
