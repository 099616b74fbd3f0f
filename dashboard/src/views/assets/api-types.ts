/**
 * The parts of the hub's asset DTOs this view reads (hub/src/contexts/assets/schema.ts; the
 * dashboard imports `protocol/` only, so they are restated here, following /docs/json).
 */

type Label = { en: string; zh: string };

export const ASSET_STATUSES = [
  'pending_acceptance',
  'rejected',
  'in_use',
  'borrowed',
  'under_maintenance',
  'missing',
  'pending_disposal',
  'disposed',
] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface Asset {
  id: string;
  name: string;
  categoryCode: string;
  model: string | null;
  specification: string | null;
  departmentId: string;
  location: string | null;
  status: AssetStatus;
  supplierName: string | null;
  purchaseDate: string;
  amount: number;
  acceptedAt: string | null;
  createdAt: string;
}

export interface Category {
  code: string;
  name: string;
  nameZh: string | null;
  parentCode: string | null;
  depreciationMethod: string;
  usefulLifeMonths: number;
  residualRate: number;
}

export interface AssetDetail {
  asset: Asset;
  category: Category;
  sensors: Array<{ deviceId: string; registered: boolean; label: string | null; enabled: boolean }>;
  accumulatedDepreciation: number;
  bookValue: number;
  repairLink: string;
}

export interface Department {
  id: string;
  name: string;
  nameZh: string | null;
  parentId: string | null;
}

export interface AssetMeta {
  statuses: Record<string, Label>;
  depreciationMethods: Record<string, Label>;
}

export interface DepreciationRun {
  period: string;
  runAt: string;
  runBy: string;
  assetCount: number;
  total: number;
}

export interface DepreciationTotal {
  key: string;
  name: string | null;
  assets: number;
  amount: number;
  accumulated: number;
  bookValue: number;
}

export interface DepreciationReport {
  period: string;
  run: DepreciationRun | null;
  byCategory: DepreciationTotal[];
  byDepartment: DepreciationTotal[];
}
