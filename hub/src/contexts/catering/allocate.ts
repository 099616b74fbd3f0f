/**
 * Which delivered batches a kitchen consumption draws from (food-safety traceability). When the
 * cook does not name the batch, stock is taken first-in first-out: the oldest delivery with
 * something left, the way a store room is meant to be worked. Whatever no batch covers (stock
 * booked in without a batch, e.g. a stocktake surplus) is returned as `untraced`, so the
 * record says honestly that part of the quantity has no known origin.
 */
export interface BatchBalance {
  batch: string;
  /** First delivery of the batch. */
  receivedAt: Date;
  remaining: number;
}

export interface Allocation {
  batch: string;
  quantity: number;
}

const PRECISION = 1000;
const round = (value: number) => Math.round(value * PRECISION) / PRECISION;

export function allocateFifo(
  quantity: number,
  batches: readonly BatchBalance[],
): { allocations: Allocation[]; untraced: number } {
  const ordered = [...batches]
    .filter((b) => b.remaining > 0)
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.batch.localeCompare(b.batch));
  const allocations: Allocation[] = [];
  let left = round(quantity);
  for (const batch of ordered) {
    if (left <= 0) break;
    const take = round(Math.min(left, batch.remaining));
    allocations.push({ batch: batch.batch, quantity: take });
    left = round(left - take);
  }
  return { allocations, untraced: Math.max(left, 0) };
}
