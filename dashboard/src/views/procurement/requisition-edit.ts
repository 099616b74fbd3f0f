import type { ApiError } from '../../api/client.ts';
import type { Requisition } from './api-types.ts';

/** The fields a returned requisition's form revises (hub/src/contexts/procurement/schema.ts EditRequisitionSchema). */
export const EDIT_FIELDS = ['itemName', 'specification', 'quantity', 'unit', 'budget', 'neededBy', 'reason'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** The form's inputs, as typed. */
export type EditValues = Record<EditField, string>;

/** PATCH /api/procurement/requisitions/:id body; null clears an optional field. */
export interface RequisitionEdit {
  itemName?: string;
  specification?: string | null;
  quantity?: number;
  unit?: string;
  budget?: number | null;
  neededBy?: string | null;
  reason?: string;
}

export function editValuesOf(r: Requisition): EditValues {
  return {
    itemName: r.itemName,
    specification: r.specification ?? '',
    quantity: String(r.quantity),
    unit: r.unit,
    budget: r.budget === null ? '' : String(r.budget),
    neededBy: r.neededBy ?? '',
    reason: r.reason,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * What the form changed, and only that: the hub records each revision's changes in the
 * requisition's history, and an untouched form resubmits as is.
 */
export function requisitionEdit(r: Requisition, values: EditValues): RequisitionEdit {
  const edit: RequisitionEdit = {};
  const itemName = values.itemName.trim();
  if (itemName !== r.itemName) edit.itemName = itemName;
  const specification = orNull(values.specification);
  if (specification !== r.specification) edit.specification = specification;
  // An emptied quantity goes as 0, so the hub names the field rather than the form keeping the old one.
  const quantity = numberOrNull(values.quantity) ?? 0;
  if (quantity !== r.quantity) edit.quantity = quantity;
  const unit = values.unit.trim();
  if (unit !== r.unit) edit.unit = unit;
  const budget = numberOrNull(values.budget);
  if (budget !== r.budget) edit.budget = budget;
  const neededBy = orNull(values.neededBy);
  if (neededBy !== r.neededBy) edit.neededBy = neededBy;
  const reason = values.reason.trim();
  if (reason !== r.reason) edit.reason = reason;
  return edit;
}

/** The form field an API error names (400/409 with `field`), if it is one of the form's. */
export function erroredField(error: ApiError | null): EditField | null {
  const field = error?.field;
  return field !== undefined && (EDIT_FIELDS as readonly string[]).includes(field) ? (field as EditField) : null;
}

/** The hub's message without the field name schema errors put in front ("quantity: must be > 0"). */
export function fieldMessage(error: ApiError): string {
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
