/**
 * Stocktake reconciliation (AST-6), pure: compares the count sheet with the register and says
 * what closing the stocktake must do. 盘盈 (surplus) is what was found but is not on the sheet;
 * 盘亏 (loss) is what the sheet expects but nobody found.
 */

export const COUNT_RESULTS = ['found', 'not_found', 'extra'] as const;
export type CountResult = (typeof COUNT_RESULTS)[number];
export type LineResult = CountResult | 'pending';

export const LOSS_ACTIONS = ['write_off', 'found_later', 'investigate'] as const;
export const SURPLUS_ACTIONS = ['relocate', 'register', 'investigate'] as const;
export const DISCREPANCY_ACTIONS = [...new Set([...LOSS_ACTIONS, ...SURPLUS_ACTIONS])] as const;
export type DiscrepancyAction = (typeof LOSS_ACTIONS)[number] | (typeof SURPLUS_ACTIONS)[number];

export const DISCREPANCY_ACTION_LABELS: Record<DiscrepancyAction, { en: string; zh: string }> = {
  write_off: { en: 'Write off through disposal', zh: '报损核销' },
  found_later: { en: 'Found after the count', zh: '事后找到' },
  investigate: { en: 'Investigate (mark missing)', zh: '追查(标记盘亏待查)' },
  relocate: { en: 'Update the register to where it was found', zh: '按实际位置更新台账' },
  register: { en: 'Enter in the register through intake', zh: '补办入账' },
};

export interface SheetLine {
  id: number;
  assetId: string | null;
  expected: boolean;
  expectedLocation: string | null;
  result: LineResult;
  foundLocation: string | null;
  cause: string | null;
  action: DiscrepancyAction | null;
}

export type LineKind = 'pending' | 'match' | 'moved' | 'loss' | 'surplus';

export function classify(line: SheetLine): LineKind {
  if (line.result === 'pending') return 'pending';
  if (line.result === 'extra' || !line.expected) return 'surplus';
  if (line.result === 'not_found') return 'loss';
  if (line.foundLocation && line.foundLocation !== line.expectedLocation) return 'moved';
  return 'match';
}

export function isDiscrepancy(kind: LineKind): kind is 'loss' | 'surplus' {
  return kind === 'loss' || kind === 'surplus';
}

/** Whether `action` is a possible handling of a discrepancy of this kind. */
export function actionFits(kind: LineKind, action: DiscrepancyAction): boolean {
  if (kind === 'loss') return (LOSS_ACTIONS as readonly string[]).includes(action);
  if (kind === 'surplus') return (SURPLUS_ACTIONS as readonly string[]).includes(action);
  return false;
}

export interface Reconciliation {
  total: number;
  counted: number;
  pending: number;
  matched: number;
  moved: SheetLine[];
  losses: SheetLine[];
  surplus: SheetLine[];
  /** Discrepancies still without a cause and an action. */
  unresolved: number;
}

export function reconcile(lines: readonly SheetLine[]): Reconciliation {
  const out: Reconciliation = {
    total: lines.length,
    counted: 0,
    pending: 0,
    matched: 0,
    moved: [],
    losses: [],
    surplus: [],
    unresolved: 0,
  };
  for (const line of lines) {
    const kind = classify(line);
    if (kind === 'pending') {
      out.pending += 1;
      continue;
    }
    out.counted += 1;
    if (kind === 'match') out.matched += 1;
    else if (kind === 'moved') out.moved.push(line);
    else if (kind === 'loss') out.losses.push(line);
    else out.surplus.push(line);
    if (isDiscrepancy(kind) && (!line.action || !line.cause)) out.unresolved += 1;
  }
  return out;
}

/** Why the stocktake cannot close yet, or undefined. */
export function closeProblem(r: Reconciliation): string | undefined {
  if (r.pending > 0) return `${r.pending} asset(s) on the count sheet are not counted yet`;
  if (r.unresolved > 0) return `${r.unresolved} discrepancy(ies) still need a cause and an action`;
  return undefined;
}

export type CloseEffect =
  | { kind: 'write_off'; assetId: string; lineId: number; cause: string }
  | { kind: 'mark_missing'; assetId: string; lineId: number }
  | { kind: 'relocate'; assetId: string; lineId: number; location: string };

/** What closing changes in the register; lines without an asset (unknown finds) change nothing here. */
export function closeEffects(r: Reconciliation): CloseEffect[] {
  const effects: CloseEffect[] = [];
  for (const line of r.losses) {
    if (!line.assetId) continue;
    if (line.action === 'write_off')
      effects.push({ kind: 'write_off', assetId: line.assetId, lineId: line.id, cause: line.cause ?? '' });
    if (line.action === 'investigate') effects.push({ kind: 'mark_missing', assetId: line.assetId, lineId: line.id });
  }
  for (const line of [...r.moved, ...r.surplus]) {
    const relocating = r.moved.includes(line) || line.action === 'relocate';
    if (line.assetId && line.foundLocation && relocating)
      effects.push({ kind: 'relocate', assetId: line.assetId, lineId: line.id, location: line.foundLocation });
  }
  return effects;
}
