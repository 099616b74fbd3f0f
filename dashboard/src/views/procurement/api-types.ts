/**
 * The parts of the hub's procurement DTOs this view reads (hub/src/contexts/procurement/
 * schema.ts; the dashboard imports `protocol/` only, so they are restated here, following
 * /docs/json).
 */

export type Label = { en: string; zh: string };

export interface Requisition {
  id: number;
  source: 'person' | 'rule';
  departmentId: string;
  departmentName: string | null;
  requesterName: string;
  kind: 'goods' | 'service';
  itemName: string;
  specification: string | null;
  quantity: number;
  unit: string;
  budget: number | null;
  reason: string;
  itemRef: string | null;
  neededBy: string | null;
  status: string;
  statusLabel: Label;
  returnReason: string | null;
  createdAt: string;
  submittedAt: string | null;
}

export interface PlanSummary {
  id: number;
  title: string;
  year: number;
  createdByName: string;
  createdAt: string;
}

export interface PlanLine {
  id: number;
  lineNo: number;
  kind: 'goods' | 'service';
  itemName: string;
  unit: string;
  requestedQuantity: number;
  stockOffset: number;
  quantity: number;
  estimatedAmount: number;
  method: string;
  methodLabel: Label;
  neededBy: string;
  startBy: string;
  urgent: boolean;
  status: string;
}

export interface Plan extends PlanSummary {
  lines: PlanLine[];
  deferred: Array<{ requisitionId: number; departmentId: string; reason: string; message: string }>;
  budgets: Array<{ departmentId: string; amount: number; committedBefore: number; planned: number; available: number }>;
  warnings: string[];
}

export interface Weights {
  qualification: number;
  price: number;
  reputation: number;
}

export interface Rfq {
  id: number;
  number: string;
  planLineId: number;
  title: string;
  method: 'rfq' | 'tender';
  methodLabel: Label;
  item: { name: string; quantity: number; unit: string; estimatedAmount: number };
  weights: Weights;
  deadline: string;
  status: 'open' | 'evaluated' | 'awarded' | 'cancelled';
  statusLabel: Label;
  awardedBidId: number | null;
  createdAt: string;
}

export interface BidScore {
  qualification: number;
  price: number;
  reputation: number;
  total: number;
  rank: number;
}

export interface Bid {
  id: number;
  supplierId: string;
  supplierName: string;
  price: number;
  deliveryDays: number;
  notes: string | null;
  submittedAt: string;
  score: BidScore | null;
}

export interface RfqDetail {
  rfq: Rfq;
  invitations: Array<{ supplierId: string; supplierName: string; invitedAt: string }>;
  bids: Bid[];
}

export interface Contract {
  id: number;
  number: string;
  title: string;
  signedOn: string;
  supplierId: string;
  supplierName: string;
  departmentId: string;
  amount: number;
  status: 'active' | 'completed' | 'terminated';
  statusLabel: Label;
  overdue: boolean;
  overdueInstalments: number;
}

export interface ContractLine {
  id: number;
  lineNo: number;
  itemName: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  amount: number;
  target: { kind: string; ref: string | null; label: Label };
  dueOn: string | null;
  deliveredQuantity: number;
  acceptedQuantity: number;
  status: 'open' | 'closed';
}

export interface Instalment {
  id: number;
  contractId: number;
  contractNumber: string;
  supplierName: string;
  seq: number;
  label: string;
  percent: number;
  amount: number;
  dueOn: string;
  paidAmount: number;
  paidOn: string | null;
  outstanding: number;
  status: 'due' | 'paid';
  overdue: boolean;
  daysOverdue: number;
}

export interface Delivery {
  id: number;
  lineId: number;
  quantity: number;
  deliveredOn: string;
  batch: string;
  daysLate: number;
  acceptance: 'pending' | 'passed' | 'failed';
  acceptanceLabel: Label;
  acceptedQuantity: number | null;
  acceptanceNote: string | null;
}

export interface ContractIssue {
  id: number;
  kind: string;
  kindLabel: Label;
  description: string;
  status: 'open' | 'resolved';
  handling: string | null;
  raisedAt: string;
}

export interface ContractDetail {
  contract: Contract;
  lines: ContractLine[];
  instalments: Instalment[];
  deliveries: Delivery[];
  issues: ContractIssue[];
}
