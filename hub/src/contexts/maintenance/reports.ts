import type { Queryable } from '@campus/storage';
import type { Period } from './repository.ts';
import * as repo from './repository.ts';
import {
  FAULT_TYPE_LABELS,
  type FaultType,
  type Label,
  RESOLUTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from './vocabulary.ts';

/** MNT-6: counts, response and repair times, costs (parts + labour at the configured rate), by period. */
export async function maintenanceStats(db: Queryable, period: Period, bucket: 'day' | 'week' | 'month', labourRate: number) {
  const [byStatus, byResolution, byFaultType, byUrgency, bySource, byBuilding, byTechnician, totals, buckets] = await Promise.all(
    [
      repo.countBy(db, 'status', period),
      repo.countBy(db, 'resolution', period),
      repo.countBy(db, 'fault_type', period),
      repo.countBy(db, 'urgency', period),
      repo.countBy(db, 'source', period),
      repo.countByPlace(db, period, 50),
      repo.countByTechnician(db, period),
      repo.totals(db, period),
      repo.byBucket(db, period, bucket),
    ],
  );
  const labourCost = (minutes: number) => round2((minutes / 60) * labourRate);
  const parts = round2(Number(totals.parts_cost));
  const labourMinutes = Number(totals.labour_minutes);
  return {
    from: period.from?.toISOString() ?? null,
    to: period.to?.toISOString() ?? null,
    total: Number(totals.n),
    byStatus: labelled(byStatus, STATUS_LABELS),
    byResolution: labelled(byResolution, RESOLUTION_LABELS),
    byFaultType: labelled(byFaultType, FAULT_TYPE_LABELS),
    byUrgency: labelled(byUrgency, URGENCY_LABELS),
    bySource: labelled(bySource, SOURCE_LABELS),
    byBuilding: byBuilding.map((r) => ({ buildingId: r.building_id, count: Number(r.n) })),
    byTechnician: byTechnician.map((r) => ({
      technicianId: Number(r.technician_id),
      name: r.name,
      count: Number(r.n),
      accepted: Number(r.closed),
      labourMinutes: Number(r.minutes),
      meanRating: r.rating === null ? null : round2(Number(r.rating)),
    })),
    meanMinutesToRespond: totals.respond_minutes === null ? null : round2(Number(totals.respond_minutes)),
    meanMinutesToRepair: totals.repair_minutes === null ? null : round2(Number(totals.repair_minutes)),
    meanRating: totals.rating === null ? null : round2(Number(totals.rating)),
    costs: {
      parts,
      labourMinutes,
      labourRatePerHour: labourRate,
      labour: labourCost(labourMinutes),
      total: round2(parts + labourCost(labourMinutes)),
    },
    byPeriod: buckets.map((b) => ({
      period: b.bucket.toISOString(),
      count: Number(b.n),
      partsCost: round2(Number(b.parts_cost)),
      labourMinutes: Number(b.labour_minutes),
      cost: round2(Number(b.parts_cost) + labourCost(Number(b.labour_minutes))),
    })),
  };
}

/** MNT-7: frequent fault types, hot-spot assets and places, assets failing again within N days. */
export async function failureAnalysis(db: Queryable, period: Period, repeatWithinDays: number, top: number) {
  const [faultTypes, assets, places, repeats] = await Promise.all([
    repo.topFaultTypes(db, period, top),
    repo.hotSpotAssets(db, period, top),
    repo.hotSpotPlaces(db, period, top),
    repo.repeatFailures(db, period, repeatWithinDays, top),
  ]);
  return {
    from: period.from?.toISOString() ?? null,
    to: period.to?.toISOString() ?? null,
    repeatWithinDays,
    topFaultTypes: faultTypes.map((r) => ({
      faultType: r.fault_type,
      label: FAULT_TYPE_LABELS[r.fault_type],
      count: Number(r.n),
    })),
    hotSpotAssets: assets.map((r) => ({
      assetId: r.asset_id,
      count: Number(r.n),
      faultTypes: r.fault_types.filter((f): f is FaultType => f !== null),
      lastAt: r.last_at.toISOString(),
    })),
    hotSpotPlaces: places.map((r) => ({
      buildingId: r.building_id,
      roomId: r.room_id,
      placeText: r.place_text,
      count: Number(r.n),
      lastAt: r.last_at.toISOString(),
    })),
    repeatFailures: repeats.map((r) => ({
      assetId: r.asset_id,
      repeats: Number(r.repeats),
      ticketIds: r.ticket_ids.map(Number),
      lastAt: r.last_at.toISOString(),
    })),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function labelled<K extends string>(rows: repo.CountRow[], labels: Record<K, Label>) {
  return rows.map((row) => ({
    key: row.key,
    label:
      row.key !== null && row.key in labels
        ? // `in` has just checked the key: it is one of K.
          labels[row.key as K]
        : null,
    count: Number(row.n),
  }));
}
