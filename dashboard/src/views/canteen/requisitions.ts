import type { Requisition } from './api-types.ts';

const STOCK_ITEM_REF = 'stock-item:';

/** The stock item a requisition restocks (`stock-item:<id>`), or null for anything else. */
export function stockItemOf(requisition: Pick<Requisition, 'itemRef'>): string | null {
  return requisition.itemRef?.startsWith(STOCK_ITEM_REF) ? requisition.itemRef.slice(STOCK_ITEM_REF.length) : null;
}

/** Requisitions drafted for the ingredient store still to be confirmed (draft) or under review (submitted). */
export const RESTOCK_STATUSES = ['draft', 'submitted'] as const;

/**
 * The restocking requisitions the canteen acts on (CAT-5, IOT-7): for a stock item, drafted by
 * the low-stock rule or a confirmed purchase plan, drafts first (they wait on us), then newest.
 */
export function restockRequisitions(pages: readonly (readonly Requisition[])[]): Requisition[] {
  const byId = new Map<number, Requisition>();
  for (const page of pages)
    for (const requisition of page) {
      if (stockItemOf(requisition) === null) continue;
      if (!(RESTOCK_STATUSES as readonly string[]).includes(requisition.status)) continue;
      byId.set(requisition.id, requisition);
    }
  return [...byId.values()].sort(
    (a, b) => Number(b.status === 'draft') - Number(a.status === 'draft') || b.createdAt.localeCompare(a.createdAt),
  );
}
