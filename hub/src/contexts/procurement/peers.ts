import type { Queryable } from '@campus/storage';
import type { AssetRegistrar, IngredientStock } from '../../contracts.ts';
import type { StockLevel } from './planning.ts';

/**
 * The other contexts procurement hands goods to, looked up when needed rather than at
 * construction: the composition root may build them after this one, and a hub without one of
 * them still runs (receiving into it then fails with a clear 409, it is never faked).
 * Catering is typed `unknown` on purpose: only the IngredientStock contract is relied on, and
 * `stockLevels()` is read if catering offers it (checked at runtime, see readStockLevels).
 */
export interface ProcurementPeers {
  assets?: AssetRegistrar | undefined;
  catering?: unknown;
}

export function ingredientStockOf(peers: ProcurementPeers): IngredientStock | undefined {
  const catering = peers.catering;
  if (typeof catering !== 'object' || catering === null) return undefined;
  if (!('receiveIngredient' in catering) || typeof catering.receiveIngredient !== 'function') return undefined;
  const receive = catering.receiveIngredient;
  return {
    receiveIngredient: (tx, actor, input, context) =>
      Promise.resolve(receive.call(catering, tx, actor, input, context)).then(() => undefined),
  };
}

const toNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** One stock level as catering reports it: `{ itemId, quantity, unit, safetyStock? }` (numbers may be numeric strings). */
export function parseStockLevel(value: unknown): StockLevel | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record: Record<string, unknown> = { ...value };
  const quantity = toNumber(record.quantity);
  const safetyStock = record.safetyStock === undefined || record.safetyStock === null ? 0 : toNumber(record.safetyStock);
  if (typeof record.itemId !== 'string' || typeof record.unit !== 'string' || quantity === undefined || safetyStock === undefined)
    return undefined;
  return { itemId: record.itemId, quantity, unit: record.unit, safetyStock };
}

/**
 * PRC-3 reads stock through catering's `stockLevels()` when it exists.
 * @returns the levels, or null (with the reason) when they cannot be read: the plan then says so.
 */
export async function readStockLevels(
  peers: ProcurementPeers,
  tx: Queryable,
): Promise<{ levels: StockLevel[] | null; problem: string | null }> {
  const catering = peers.catering;
  if (
    typeof catering !== 'object' ||
    catering === null ||
    !('stockLevels' in catering) ||
    typeof catering.stockLevels !== 'function'
  )
    return { levels: null, problem: null };
  const raw: unknown = await catering.stockLevels(tx);
  if (!Array.isArray(raw)) return { levels: null, problem: 'catering stockLevels() did not return a list' };
  const levels: StockLevel[] = [];
  for (const item of raw) {
    const level = parseStockLevel(item);
    if (!level) return { levels: null, problem: 'catering stockLevels() returned an entry without itemId, quantity and unit' };
    levels.push(level);
  }
  return { levels, problem: null };
}
