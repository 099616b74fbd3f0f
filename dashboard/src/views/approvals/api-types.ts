import type { Role } from '@campus/protocol';

/**
 * The approval DTOs (hub/src/contexts/approvals/routes.ts RequestSchema, ActionSchema; the
 * dashboard imports `protocol/` only, so they are restated here, following /docs/json).
 */

export interface ApprovalStep {
  role: Role;
  label: string;
  labelZh?: string;
  scope?: 'any' | 'requester_department' | 'payload_department';
}

export interface ApprovalRequest {
  id: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
  requestedBy: number | null;
  requesterName: string;
  requesterDepartment: string | null;
  steps: ApprovalStep[];
  currentStep: number;
  status: string;
  payload: Record<string, unknown>;
  createdAt: string;
  decidedAt: string | null;
}

export interface ApprovalAction {
  step: number;
  actorId: number | null;
  actorName: string;
  decision: string;
  comment: string | null;
  at: string;
}

export interface ApprovalDetail {
  request: ApprovalRequest;
  actions: ApprovalAction[];
  mayDecide: boolean;
}

export type Decision = 'approve' | 'reject' | 'comment';
