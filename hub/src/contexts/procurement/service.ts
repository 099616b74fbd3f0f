import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { DraftRequisitionInput, RequisitionDrafter } from '../../contracts.ts';
import type { ApprovalService } from '../approvals/service.ts';
import type { AuditContext } from '../audit/repository.ts';
import { ContractService } from './contract-service.ts';
import { toDateString } from './dates.ts';
import type { ProcurementPeers } from './peers.ts';
import { PlanService } from './plan-service.ts';
import { RequisitionService } from './requisition-service.ts';
import { DEFAULT_PROCUREMENT_SETTINGS, type ProcurementSettings } from './settings.ts';
import { SourcingService } from './sourcing-service.ts';
import { SupplierService } from './supplier-service.ts';

export interface ProcurementOptions {
  approvals: ApprovalService;
  /** The contexts goods are received into, read when needed (see peers.ts). */
  peers?: (() => ProcurementPeers) | undefined;
  /** The school's thresholds, lead times and weights; unset ones keep the documented defaults. */
  settings?: Partial<ProcurementSettings> | undefined;
  /** The clock (tests move it to see deadlines and overdue instalments). */
  now?: (() => Date) | undefined;
}

/**
 * Procurement (regulation §7, PRC-1..6), one service per stage: requisitions and their review,
 * plans and budgets, the supplier register, sourcing, contracts with their tracking and
 * receiving. Also the RequisitionDrafter of the rules (IOT-7, CAT-5).
 */
export class ProcurementService implements RequisitionDrafter {
  readonly settings: ProcurementSettings;
  readonly requisitions: RequisitionService;
  readonly plans: PlanService;
  readonly suppliers: SupplierService;
  readonly sourcing: SourcingService;
  readonly contracts: ContractService;
  readonly #now: () => Date;

  constructor(db: Db, options: ProcurementOptions) {
    const settings: ProcurementSettings = { ...DEFAULT_PROCUREMENT_SETTINGS, ...options.settings };
    const now = options.now ?? (() => new Date());
    const peers = options.peers ?? (() => ({}));
    this.settings = settings;
    this.#now = now;
    this.requisitions = new RequisitionService(db, options.approvals, settings);
    this.suppliers = new SupplierService(db, settings);
    this.plans = new PlanService(db, { requisitions: this.requisitions, settings, peers, now });
    this.sourcing = new SourcingService(db, { suppliers: this.suppliers, requisitions: this.requisitions, settings, now });
    this.contracts = new ContractService(db, {
      suppliers: this.suppliers,
      sourcing: this.sourcing,
      requisitions: this.requisitions,
      peers,
      now,
    });
  }

  /** Today's date (UTC) by the service's clock: expiry and overdue flags are computed against it. */
  today(): string {
    return toDateString(this.#now());
  }

  /** See RequisitionService.draft. */
  draftRequisition(
    tx: Queryable,
    actor: Actor,
    input: DraftRequisitionInput,
    context?: AuditContext,
  ): Promise<{ id: number; created: boolean }> {
    return this.requisitions.draft(tx, actor, input, context);
  }
}
