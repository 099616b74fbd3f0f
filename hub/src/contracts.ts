import type { Queryable } from '@campus/storage';
import type { Actor } from './actor.ts';
import type { AuditContext } from './contexts/audit/repository.ts';

/**
 * What one bounded context asks of another (STYLE 2: contexts talk through services, never
 * through each other's repositories). Each interface is implemented by the owning context's
 * service; the composition root (services.ts) wires them. Every method takes the caller's
 * transaction so a cross-context workflow commits or fails as one.
 */

/** Where something is on campus: a building/room of the dorm register or free text. */
export interface Place {
  buildingId?: string | null;
  roomId?: string | null;
  /** Human description, always present ("Dorm 3, room 402" / "3号楼402室"). */
  text: string;
}

export type TicketSource = 'request' | 'rule' | 'inspection' | 'facility' | 'safety_check' | 'checkout' | 'preventive';
export type Urgency = 'low' | 'normal' | 'high' | 'critical';

export interface OpenTicketInput {
  source: TicketSource;
  title: string;
  description: string;
  place: Place;
  assetId?: string | null;
  /** e.g. electrical, plumbing, hvac, elevator, carpentry, network, appliance, structure. */
  faultType?: string | null;
  urgency?: Urgency | null;
  /** What a rule or an inspection saw (sensor series, fitted trend, photos); shown on the ticket. */
  evidence?: Record<string, unknown> | null;
  /**
   * Idempotency: while a ticket with this key is open, opening another returns it instead
   * (one open ticket per asset and cause, IOT-9; one per inspection finding).
   */
  dedupeKey?: string | null;
  /** Who reported it when not the actor (e.g. the resident behind a facility fault). */
  requesterUserId?: number | null;
}

/** Implemented by the maintenance context. */
export interface TicketOpener {
  openTicket(
    tx: Queryable,
    actor: Actor,
    input: OpenTicketInput,
    context?: AuditContext,
  ): Promise<{ id: number; created: boolean }>;
}

export interface RegisterAssetInput {
  name: string;
  categoryCode: string;
  model?: string | null;
  specification?: string | null;
  departmentId: string;
  location?: string | null;
  supplierName?: string | null;
  purchaseDate: string;
  amount: number;
  /** Where it came from, e.g. `contract:HT-2026-001/line:2`. */
  sourceRef?: string | null;
}

/** Implemented by the assets context. */
export interface AssetRegistrar {
  /** Puts delivered goods into the asset register, accepted (PRC-6 receiving). */
  registerReceivedAsset(
    tx: Queryable,
    actor: Actor,
    input: RegisterAssetInput,
    context?: AuditContext,
  ): Promise<{ assetId: string }>;
  /** Records damage against an asset (DRM-3 check-out condition report) with the cost charged. */
  recordDamage(
    tx: Queryable,
    actor: Actor,
    input: { assetId: string; description: string; cost: number; chargedTo: string },
    context?: AuditContext,
  ): Promise<void>;
}

/** Implemented by the catering context. */
export interface IngredientStock {
  /** Books delivered ingredients into stock (CAT-6), e.g. from a procurement delivery. */
  receiveIngredient(
    tx: Queryable,
    actor: Actor,
    input: {
      itemId: string;
      quantity: number;
      unit: string;
      supplierId?: string | null;
      batch: string;
      sourceRef?: string | null;
    },
    context?: AuditContext,
  ): Promise<void>;
}

export interface DraftRequisitionInput {
  departmentId: string;
  itemName: string;
  specification?: string | null;
  quantity: number;
  unit: string;
  budget?: number | null;
  reason: string;
  /** e.g. `stock-item:flour` for an ingredient, so receiving can book it back. */
  itemRef?: string | null;
  /** One draft per episode (IOT-7): while a draft with this key is open, return it. */
  dedupeKey?: string | null;
}

/** Implemented by the procurement context. */
export interface RequisitionDrafter {
  draftRequisition(
    tx: Queryable,
    actor: Actor,
    input: DraftRequisitionInput,
    context?: AuditContext,
  ): Promise<{ id: number; created: boolean }>;
}

/** Implemented by the dormitories context; read by the gateway's access decisions and the rules. */
export interface CardRegistry {
  revokeCardsOf(tx: Queryable, actor: Actor, residentId: string, reason: string, context?: AuditContext): Promise<number>;
}
