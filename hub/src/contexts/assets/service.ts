import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { AssetRegistrar, RegisterAssetInput } from '../../contracts.ts';
import { conflict, forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { qrPng } from '../../http/qr.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import type { ReviewService } from '../review/service.ts';
import { audited, auditStatus, isRealDate, lockAsset, lockVisible, today, visibleAsset } from './asset-helpers.ts';
import { BorrowService } from './borrow-service.ts';
import { fromCents, lifeProblem, openingDepreciation, toCents } from './depreciation.ts';
import { DepreciationService } from './depreciation-service.ts';
import { DisposalService } from './disposal-service.ts';
import { departmentScope, mayEditAccepted } from './policy.ts';
import * as repo from './repository.ts';
import { type AssetStatus, assertMove, canMove } from './status.ts';
import { StocktakeService } from './stocktake-service.ts';
import { TransferService } from './transfer-service.ts';
import { checkVoucher, displayName, VOUCHER_MAX_FILES, VoucherStore } from './uploads.ts';

export interface AssetServiceOptions {
  approvals: ApprovalService;
  review: ReviewService;
  /** Voucher files go under `<uploadsDir>/assets/` (DATA_DIR/uploads in production). */
  uploadsDir: string;
  /** Base of links printed on QR labels: `${publicUrl}/repair?asset=<id>`. */
  publicUrl: string;
}

export interface CategoryInput {
  code: string;
  name: string;
  nameZh?: string | null | undefined;
  parentCode?: string | null | undefined;
  depreciationMethod?: repo.CategoryRow['depreciation_method'] | undefined;
  usefulLifeMonths?: number | undefined;
  residualRate?: number | undefined;
}

export interface AssetInput {
  id?: string | undefined;
  name: string;
  categoryCode: string;
  model?: string | null | undefined;
  specification?: string | null | undefined;
  departmentId: string;
  location?: string | null | undefined;
  supplierName?: string | null | undefined;
  purchaseDate: string;
  amount: number;
  sourceRef?: string | null | undefined;
}

export interface ImportedAssetInput extends AssetInput {
  status?: 'in_use' | 'under_maintenance' | 'missing' | undefined;
  /** Booked before the register existed; computed from the category's schedule when absent. */
  accumulatedDepreciation?: number | undefined;
}

export interface UploadedFile {
  data: Buffer;
  declaredType: string;
  fileName: string | undefined;
}

const ASSET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CATEGORY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** Fields a reviewer may correct (DAT-2), by their API names. */
const CORRECTABLE = [
  'name',
  'categoryCode',
  'model',
  'specification',
  'location',
  'supplierName',
  'purchaseDate',
  'amount',
] as const;
type Correctable = (typeof CORRECTABLE)[number];
const isCorrectable = (field: string): field is Correctable => (CORRECTABLE as readonly string[]).includes(field);

/**
 * The asset register (AST-1..3): classification, intake with vouchers and acceptance, sensors,
 * maintenance history, review corrections. Its workflows are the services it exposes:
 * `borrowing` (AST-4), `transfers` (AST-5), `stocktakes` (AST-6), `depreciation` (AST-7),
 * `disposals` (AST-8, AST-9). Implements the AssetRegistrar contract for procurement and dorms.
 */
export class AssetService implements AssetRegistrar {
  readonly #db: Db;
  readonly #approvals: ApprovalService;
  readonly #review: ReviewService;
  readonly #vouchers: VoucherStore;
  readonly #publicUrl: string;
  readonly borrowing: BorrowService;
  readonly transfers: TransferService;
  readonly disposals: DisposalService;
  readonly stocktakes: StocktakeService;
  readonly depreciation: DepreciationService;

  constructor(db: Db, options: AssetServiceOptions) {
    this.#db = db;
    this.#approvals = options.approvals;
    this.#review = options.review;
    this.#vouchers = new VoucherStore(options.uploadsDir);
    this.#publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.borrowing = new BorrowService(db, options.approvals);
    this.transfers = new TransferService(db, options.approvals);
    this.disposals = new DisposalService(db, options.approvals);
    this.stocktakes = new StocktakeService(db, this);
    this.depreciation = new DepreciationService(db);
    this.#defineAcceptance();
    this.#review.registerSubject('asset', {
      label: { en: 'Asset register entry', zh: '资产登记' },
      defaultRate: 0.1,
      snapshot: async (q, id) => {
        const row = await repo.findAsset(q, id);
        return row && { id: row.id, ...audited(row) };
      },
      correct: (tx, actor, id, changes, context) => this.correct(tx, actor, id, changes, context),
    });
  }

  #defineAcceptance(): void {
    this.#approvals.define('asset.acceptance', {
      defaultSteps: [
        { role: 'department_head', label: 'Using department accepts', labelZh: '使用部门验收', scope: 'payload_department' },
        { role: 'asset_clerk', label: 'Asset office confirms intake', labelZh: '资产管理部门入库确认' },
      ],
      onApproved: (tx, request, actor) => this.#accepted(tx, request, actor),
      onRejected: (tx, request, actor, reason) => this.#acceptanceRefused(tx, request, actor, reason),
    });
  }

  // ── classification (AST-1) ────────────────────────────────────────────────

  listCategories(): Promise<repo.CategoryRow[]> {
    return repo.listCategories(this.#db);
  }

  /**
   * Creates or updates a category. A new category takes its parent's depreciation settings
   * unless given; the parent of an existing category does not change (codes below it hang on it).
   */
  async saveCategory(actor: Actor, input: CategoryInput, context: AuditContext = {}, tx?: Queryable): Promise<repo.CategoryRow> {
    if (!CATEGORY_CODE.test(input.code)) throw invalid('code', 'must be 1-32 letters, digits, . _ - (starting alphanumeric)');
    if (!input.name.trim()) throw invalid('name', 'must not be empty');
    if (input.residualRate !== undefined && !(input.residualRate >= 0 && input.residualRate < 1))
      throw invalid('residualRate', 'must be at least 0 and below 1');
    const work = async (q: Queryable) => {
      const before = await repo.findCategory(q, input.code);
      const parentCode = input.parentCode ?? null;
      if (before && input.parentCode !== undefined && parentCode !== before.parent_code)
        throw conflict('parentCode', `category ${input.code} already sits under ${before.parent_code ?? 'the root'}`);
      const parent = parentCode === null ? undefined : await repo.findCategory(q, parentCode);
      if (parentCode !== null && !parent) throw invalid('parentCode', `no category ${parentCode}`);
      if (parentCode === input.code) throw invalid('parentCode', 'a category cannot be its own parent');
      const inherited = before ?? parent;
      const method = input.depreciationMethod ?? inherited?.depreciation_method;
      const life = input.usefulLifeMonths ?? inherited?.useful_life_months;
      const residual = input.residualRate ?? (inherited ? Number(inherited.residual_rate) : 0);
      if (!method) throw invalid('depreciationMethod', 'is required for a top-level category');
      if (life === undefined) throw invalid('usefulLifeMonths', 'is required for a top-level category');
      const problem = lifeProblem(method, life);
      if (problem) throw invalid('usefulLifeMonths', problem);
      const row: repo.CategoryRow = {
        code: input.code,
        name: input.name.trim(),
        name_zh: input.nameZh ?? (before ? before.name_zh : null),
        parent_code: before ? before.parent_code : parentCode,
        path: before ? before.path : `${parent?.path ?? '/'}${input.code}/`,
        depreciation_method: method,
        useful_life_months: life,
        residual_rate: residual,
      };
      const after = before ? await repo.updateCategory(q, row) : await repo.insertCategory(q, row);
      await recordAudit(
        q,
        actor,
        {
          action: before ? 'asset_category.updated' : 'asset_category.created',
          entityType: 'asset_category',
          entityId: input.code,
          before,
          after,
        },
        context,
      );
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  // ── the register ──────────────────────────────────────────────────────────

  /** Lists the register; scoped readers only ever see their own department. */
  async list(
    actor: Actor,
    filter: Omit<repo.AssetFilter, 'categoryPath'> & { includeSubcategories?: boolean | undefined },
  ): Promise<repo.AssetRow[]> {
    const scope = departmentScope(actor);
    if (scope !== undefined && filter.departmentId !== undefined && filter.departmentId !== scope) return [];
    let categoryPath: string | undefined;
    if (filter.categoryCode && filter.includeSubcategories !== false) {
      const category = await repo.findCategory(this.#db, filter.categoryCode);
      if (!category) return [];
      categoryPath = category.path;
    }
    return repo.listAssets(this.#db, {
      ...filter,
      categoryPath,
      categoryCode: categoryPath ? undefined : filter.categoryCode,
      departmentId: scope ?? filter.departmentId,
    });
  }

  /** @throws AppError not_found for an unknown asset and for one outside the reader's scope (no existence leak). */
  get(actor: Actor, id: string): Promise<repo.AssetRow> {
    return visibleAsset(this.#db, actor, id);
  }

  async detail(actor: Actor, id: string) {
    const asset = await this.get(actor, id);
    const [category, sensors, booked] = await Promise.all([
      repo.findCategory(this.#db, asset.category_code),
      repo.sensorsOf(this.#db, id),
      repo.bookedDepreciation(this.#db, id),
    ]);
    if (!category) throw new Error(`asset ${id} has no category ${asset.category_code}`);
    const accumulated = fromCents(toCents(Number(asset.opening_depreciation)) + toCents(booked));
    return {
      asset,
      category,
      sensors,
      accumulatedDepreciation: accumulated,
      bookValue: fromCents(toCents(Number(asset.amount)) - toCents(accumulated)),
      repairLink: this.repairLink(id),
    };
  }

  /** The minimal card behind a QR label: enough for a repair request, nothing financial. */
  async card(id: string) {
    const card = await repo.findCard(this.#db, id);
    if (!card) throw notFound(`asset ${id}`);
    return { ...card, repairLink: this.repairLink(id) };
  }

  /** The repair page, filled in with this asset (its QR label encodes it). */
  repairLink(id: string): string {
    return `${this.#publicUrl}/repair?asset=${encodeURIComponent(id)}`;
  }

  async qrCode(actor: Actor, id: string): Promise<Buffer> {
    await this.get(actor, id);
    return qrPng(this.repairLink(id));
  }

  async #validateAsset(q: Queryable, input: AssetInput): Promise<repo.CategoryRow> {
    if (input.id !== undefined && !ASSET_ID.test(input.id))
      throw invalid('id', 'must be 1-64 letters, digits, . _ - (starting alphanumeric)');
    if (!input.name.trim()) throw invalid('name', 'must not be empty');
    if (!isRealDate(input.purchaseDate)) throw invalid('purchaseDate', 'must be a real date YYYY-MM-DD');
    if (input.purchaseDate > today()) throw invalid('purchaseDate', 'must not be in the future');
    if (!(Number.isFinite(input.amount) && input.amount >= 0 && input.amount <= 1e11))
      throw invalid('amount', 'must be a sum between 0 and 100,000,000,000');
    if (Math.abs(input.amount * 100 - Math.round(input.amount * 100)) > 1e-6)
      throw invalid('amount', 'has more than two decimals');
    const category = await repo.findCategory(q, input.categoryCode);
    if (!category) throw invalid('categoryCode', `no category ${input.categoryCode}`);
    if (!(await repo.departmentExists(q, input.departmentId)))
      throw invalid('departmentId', `no department ${input.departmentId}`);
    if (input.id !== undefined && (await repo.assetExists(q, input.id))) throw conflict('id', `asset ${input.id} exists already`);
    return category;
  }

  async #insert(
    q: Queryable,
    actor: Actor,
    input: AssetInput,
    status: AssetStatus,
    openingDepreciation: number,
  ): Promise<repo.AssetRow> {
    return repo.insertAsset(q, {
      id: input.id ?? (await repo.nextAssetNumber(q)),
      name: input.name.trim(),
      categoryCode: input.categoryCode,
      model: input.model ?? null,
      specification: input.specification ?? null,
      departmentId: input.departmentId,
      location: input.location ?? null,
      status,
      supplierName: input.supplierName ?? null,
      purchaseDate: input.purchaseDate,
      amount: input.amount,
      openingDepreciation,
      sourceRef: input.sourceRef ?? null,
      accepted: status !== 'pending_acceptance',
      createdBy: actor.userId,
    });
  }

  /**
   * Purchase intake (AST-2): the asset enters as `pending_acceptance` and its acceptance
   * (AST-3) goes to the using department and the asset office.
   */
  async intake(actor: Actor, input: AssetInput, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      await this.#validateAsset(tx, input);
      const asset = await this.#insert(tx, actor, input, 'pending_acceptance', 0);
      await recordAudit(
        tx,
        actor,
        { action: 'asset.intake', entityType: 'asset', entityId: asset.id, after: audited(asset) },
        context,
      );
      const request = await this.#submitAcceptance(tx, actor, asset, context);
      const review = await this.#review.enrol(tx, actor, 'asset', asset.id, context);
      return { asset, approvalRequestId: Number(request.id), review };
    });
  }

  #submitAcceptance(tx: Queryable, actor: Actor, asset: repo.AssetRow, context: AuditContext): Promise<ApprovalRequestRow> {
    return this.#approvals.submit(
      tx,
      actor,
      {
        kind: 'asset.acceptance',
        subjectType: 'asset',
        subjectId: asset.id,
        title: `Acceptance of ${asset.id} ${asset.name} / 资产验收`,
        payload: { departmentId: asset.department_id, assetId: asset.id, name: asset.name, amount: Number(asset.amount) },
      },
      context,
    );
  }

  /** Sends a refused intake back to acceptance after it was put right. */
  async resubmit(actor: Actor, id: string, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const asset = await lockVisible(tx, actor, id);
      assertMove(id, asset.status, 'pending_acceptance');
      const after = await repo.setAssetStatus(tx, id, 'pending_acceptance');
      await auditStatus(tx, actor, asset, after, 'asset.resubmitted', context);
      const request = await this.#submitAcceptance(tx, actor, after, context);
      return { asset: after, approvalRequestId: Number(request.id) };
    });
  }

  async #accepted(tx: Queryable, request: ApprovalRequestRow, actor: Actor): Promise<void> {
    const asset = await lockAsset(tx, request.subject_id);
    assertMove(asset.id, asset.status, 'in_use');
    const after = await repo.setAssetStatus(tx, asset.id, 'in_use', { accepted: true });
    await auditStatus(tx, actor, asset, after, 'asset.accepted');
  }

  async #acceptanceRefused(tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string): Promise<void> {
    const asset = await lockAsset(tx, request.subject_id);
    if (asset.status !== 'pending_acceptance') return;
    const after = await repo.setAssetStatus(tx, asset.id, 'rejected');
    await recordAudit(tx, actor, {
      action: 'asset.acceptance_refused',
      entityType: 'asset',
      entityId: asset.id,
      before: { status: asset.status },
      after: { status: after.status, reason },
    });
  }

  /**
   * Edits an asset. Before acceptance the intake side may change anything; once accepted,
   * only the asset office edits, and the figures that drive depreciation (amount, date,
   * category) change only through a reviewer's correction.
   */
  async update(actor: Actor, id: string, changes: repo.AssetChanges, context: AuditContext = {}): Promise<repo.AssetRow> {
    return this.#db.transaction(async (tx) => {
      const before = await lockVisible(tx, actor, id);
      if (before.status === 'disposed') throw illegalTransition(`asset ${id} is disposed`);
      const accepted = before.status !== 'pending_acceptance' && before.status !== 'rejected';
      if (accepted) {
        if (!mayEditAccepted(actor)) throw forbidden('an accepted asset is edited by the asset office');
        for (const field of ['amount', 'purchaseDate', 'categoryCode'] as const) {
          if (changes[field] !== undefined)
            throw illegalTransition(`${field} of an accepted asset changes only through a data review correction`);
        }
      }
      await this.#validateChanges(tx, changes);
      const after = await repo.updateAsset(tx, id, changes);
      await recordAudit(
        tx,
        actor,
        { action: 'asset.updated', entityType: 'asset', entityId: id, before: audited(before), after: audited(after) },
        context,
      );
      return after;
    });
  }

  async #validateChanges(q: Queryable, c: repo.AssetChanges, prefix = ''): Promise<void> {
    if (c.name !== undefined && (typeof c.name !== 'string' || !c.name.trim() || c.name.length > 200))
      throw invalid(`${prefix}name`, 'must be 1-200 characters');
    for (const field of ['model', 'specification', 'location', 'supplierName'] as const) {
      const value = c[field];
      if (value !== undefined && value !== null && (typeof value !== 'string' || value.length > 500))
        throw invalid(`${prefix}${field}`, 'must be text of at most 500 characters, or null');
    }
    if (
      c.purchaseDate !== undefined &&
      (typeof c.purchaseDate !== 'string' || !isRealDate(c.purchaseDate) || c.purchaseDate > today())
    )
      throw invalid(`${prefix}purchaseDate`, 'must be a real past date YYYY-MM-DD');
    if (
      c.amount !== undefined &&
      !(typeof c.amount === 'number' && Number.isFinite(c.amount) && c.amount >= 0 && c.amount <= 1e11)
    )
      throw invalid(`${prefix}amount`, 'must be a sum between 0 and 100,000,000,000');
    if (c.categoryCode !== undefined && (typeof c.categoryCode !== 'string' || !(await repo.findCategory(q, c.categoryCode))))
      throw invalid(`${prefix}categoryCode`, `no category ${String(c.categoryCode)}`);
  }

  /**
   * A reviewer's correction (DAT-2), through the register so it is validated and audited
   * like any change; returns the changed fields before and after.
   */
  async correct(tx: Queryable, actor: Actor, id: string, changes: Record<string, unknown>, context: AuditContext = {}) {
    const asset = await repo.lockAsset(tx, id);
    if (!asset) throw notFound(`asset ${id}`);
    const fields: Correctable[] = [];
    for (const field of Object.keys(changes)) {
      if (!isCorrectable(field))
        throw invalid(`changes.${field}`, `cannot be corrected (correctable: ${CORRECTABLE.join(', ')})`);
      fields.push(field);
    }
    // Types are checked by #validateChanges below: the reviewer's values arrive as JSON.
    const typed: repo.AssetChanges = Object.fromEntries(fields.map((field) => [field, changes[field]]));
    await this.#validateChanges(tx, typed, 'changes.');
    const after = await repo.updateAsset(tx, id, typed);
    const was = audited(asset);
    const now = audited(after);
    const before: Record<string, unknown> = {};
    const changed: Record<string, unknown> = {};
    for (const field of fields) {
      before[field] = was[field];
      changed[field] = now[field];
    }
    await recordAudit(
      tx,
      actor,
      { action: 'asset.corrected', entityType: 'asset', entityId: id, before, after: changed },
      context,
    );
    return { before, after: changed };
  }

  // ── the cross-context contract ────────────────────────────────────────────

  /** Delivered goods accepted at receiving (PRC-6) enter the register in use. */
  async registerReceivedAsset(tx: Queryable, actor: Actor, input: RegisterAssetInput, context: AuditContext = {}) {
    await this.#validateAsset(tx, input);
    const asset = await this.#insert(tx, actor, input, 'in_use', 0);
    await recordAudit(
      tx,
      actor,
      { action: 'asset.registered', entityType: 'asset', entityId: asset.id, after: audited(asset) },
      context,
    );
    await this.#review.enrol(tx, actor, 'asset', asset.id, context);
    return { assetId: asset.id };
  }

  /** An existing asset loaded from a CSV (SYS-3), with its depreciation so far. */
  async importAsset(tx: Queryable, actor: Actor, input: ImportedAssetInput, context: AuditContext = {}): Promise<repo.AssetRow> {
    const category = await this.#validateAsset(tx, input);
    let opening = input.accumulatedDepreciation;
    if (opening === undefined) {
      const lastMonth = new Date();
      lastMonth.setUTCDate(0);
      const period = lastMonth.toISOString().slice(0, 7);
      opening = fromCents(
        openingDepreciation(
          {
            cost: input.amount,
            residualRate: Number(category.residual_rate),
            lifeMonths: category.useful_life_months,
            method: category.depreciation_method,
          },
          input.purchaseDate,
          period,
        ),
      );
    }
    if (!(opening >= 0 && opening <= input.amount)) throw invalid('accumulatedDepreciation', 'must be between 0 and the amount');
    const asset = await this.#insert(tx, actor, input, input.status ?? 'in_use', opening);
    await recordAudit(
      tx,
      actor,
      {
        action: 'asset.imported',
        entityType: 'asset',
        entityId: asset.id,
        after: { ...audited(asset), openingDepreciation: opening },
      },
      context,
    );
    await this.#review.enrol(tx, actor, 'asset', asset.id, context);
    return asset;
  }

  /** Damage found at a dorm check-out (DRM-3) and what it costs whom. */
  async recordDamage(
    tx: Queryable,
    actor: Actor,
    input: { assetId: string; description: string; cost: number; chargedTo: string },
    context: AuditContext = {},
  ): Promise<void> {
    if (!(await repo.assetExists(tx, input.assetId))) throw notFound(`asset ${input.assetId}`);
    if (!input.description.trim()) throw invalid('description', 'must not be empty');
    if (!(Number.isFinite(input.cost) && input.cost >= 0)) throw invalid('cost', 'must be 0 or more');
    const row = await repo.insertMaintenance(tx, {
      assetId: input.assetId,
      kind: 'damage',
      ref: null,
      description: input.description,
      cost: input.cost,
      chargedTo: input.chargedTo,
      by: actor.userId,
      byName: actor.name,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'asset.damage_recorded',
        entityType: 'asset',
        entityId: input.assetId,
        after: { maintenanceId: Number(row.id), description: input.description, cost: input.cost, chargedTo: input.chargedTo },
      },
      context,
    );
  }

  /**
   * Maintenance started on an asset (called by the maintenance context in its transaction):
   * the asset is under maintenance until `completeMaintenance`.
   */
  async startMaintenance(
    tx: Queryable,
    actor: Actor,
    input: { assetId: string; ref: string; description: string },
    context: AuditContext = {},
  ): Promise<void> {
    const asset = await lockAsset(tx, input.assetId);
    await repo.insertMaintenance(tx, {
      ...input,
      kind: 'started',
      cost: null,
      chargedTo: null,
      by: actor.userId,
      byName: actor.name,
    });
    if (asset.status === 'under_maintenance' || !canMove(asset.status, 'under_maintenance')) return;
    const after = await repo.setAssetStatus(tx, asset.id, 'under_maintenance', { remember: asset.status });
    await auditStatus(tx, actor, asset, after, 'asset.maintenance_started', context, { ref: input.ref });
  }

  /** Maintenance done: the asset returns to where it was (in use, or with its borrower). */
  async completeMaintenance(
    tx: Queryable,
    actor: Actor,
    input: { assetId: string; ref: string; description: string; cost?: number | null },
    context: AuditContext = {},
  ): Promise<void> {
    const asset = await lockAsset(tx, input.assetId);
    await repo.insertMaintenance(tx, {
      assetId: input.assetId,
      kind: 'completed',
      ref: input.ref,
      description: input.description,
      cost: input.cost ?? null,
      chargedTo: null,
      by: actor.userId,
      byName: actor.name,
    });
    if (asset.status !== 'under_maintenance') return;
    const back = asset.status_before === 'borrowed' ? 'borrowed' : 'in_use';
    const after = await repo.setAssetStatus(tx, asset.id, back);
    await auditStatus(tx, actor, asset, after, 'asset.maintenance_completed', context, { ref: input.ref });
  }

  async maintenanceHistory(actor: Actor, id: string, limit: number, beforeId?: number) {
    await this.get(actor, id);
    return repo.maintenanceOf(this.#db, id, limit, beforeId);
  }

  /** Which asset a sensor measures (the predictive-maintenance rule asks, IOT-9). */
  assetOfSensor(deviceId: string): Promise<string | undefined> {
    return repo.assetOfSensor(this.#db, deviceId);
  }

  /**
   * Sets the sensors of an asset. Each must be a sensor the gateway registry knows, and
   * measures one asset only.
   * @param kindOf the registry's answer for a device id (the service does not hold the gateway).
   */
  async setSensors(
    actor: Actor,
    id: string,
    deviceIds: readonly string[],
    kindOf: (deviceId: string) => string | undefined,
    context: AuditContext = {},
  ): Promise<string[]> {
    for (const [index, deviceId] of deviceIds.entries()) {
      const kind = kindOf(deviceId);
      if (kind === undefined) throw invalid(`deviceIds.${index}`, `no device ${deviceId} in the gateway registry`);
      if (kind !== 'sensor') throw invalid(`deviceIds.${index}`, `${deviceId} is a ${kind}, not a sensor`);
    }
    return this.#db.transaction(async (tx) => {
      const asset = await lockVisible(tx, actor, id);
      const taken = (await repo.sensorOwners(tx, deviceIds)).filter((o) => o.asset_id !== asset.id);
      if (taken[0]) throw conflict('deviceIds', `${taken[0].device_id} already measures asset ${taken[0].asset_id}`);
      const before = await repo.sensorsOf(tx, id);
      await repo.replaceSensors(tx, id, deviceIds);
      const after = await repo.sensorsOf(tx, id);
      await recordAudit(tx, actor, { action: 'asset.sensors_set', entityType: 'asset', entityId: id, before, after }, context);
      return after;
    });
  }

  // ── vouchers (AST-2) ──────────────────────────────────────────────────────

  /**
   * Attaches purchase vouchers. Every file is checked before any is stored; a file written
   * for a transaction that then fails stays as an orphan with a random name, never reachable.
   */
  async addVouchers(actor: Actor, id: string, files: readonly UploadedFile[], context: AuditContext = {}) {
    if (files.length === 0) throw invalid('file', 'attach at least one file (multipart field "file")');
    if (files.length > VOUCHER_MAX_FILES) throw invalid('file', `at most ${VOUCHER_MAX_FILES} files at once`);
    const checked = files.map((file) => ({ ...file, type: checkVoucher(file.data, file.declaredType) }));
    const asset = await this.get(actor, id);
    if (asset.status === 'disposed') throw illegalTransition(`asset ${id} is disposed`);
    const stored: Array<(typeof checked)[number] & { storedName: string }> = [];
    for (const file of checked) stored.push({ ...file, storedName: await this.#vouchers.save(file.data, file.type) });
    return this.#db.transaction(async (tx) => {
      const rows = [];
      for (const file of stored) {
        const row = await repo.insertVoucher(tx, {
          assetId: id,
          fileName: displayName(file.fileName),
          storedName: file.storedName,
          contentType: file.type,
          size: file.data.length,
          sha256: createHash('sha256').update(file.data).digest('hex'),
          by: actor.userId,
        });
        await recordAudit(
          tx,
          actor,
          {
            action: 'asset.voucher_attached',
            entityType: 'asset',
            entityId: id,
            after: { voucherId: Number(row.id), fileName: row.file_name, contentType: row.content_type, sha256: row.sha256 },
          },
          context,
        );
        rows.push(row);
      }
      return rows;
    });
  }

  async vouchers(actor: Actor, id: string) {
    await this.get(actor, id);
    return repo.vouchersOf(this.#db, id);
  }

  async voucherFile(actor: Actor, id: string, voucherId: number) {
    await this.get(actor, id);
    const row = await repo.findVoucher(this.#db, id, voucherId);
    if (!row) throw notFound(`voucher ${voucherId} of asset ${id}`);
    return { row, data: await this.#vouchers.read(row.stored_name) };
  }

  // ── used by stocktakes ────────────────────────────────────────────────────

  /** A loss under investigation: the register shows it missing until found or written off. */
  async markMissing(tx: Queryable, actor: Actor, id: string, stocktakeId: number, context: AuditContext = {}): Promise<void> {
    const asset = await lockAsset(tx, id);
    if (asset.status === 'missing' || !canMove(asset.status, 'missing')) return;
    const after = await repo.setAssetStatus(tx, id, 'missing', { remember: asset.status });
    await auditStatus(tx, actor, asset, after, 'asset.missing', context, { stocktakeId });
  }

  /** Where a stocktake found an asset becomes where the register says it is. */
  async relocate(tx: Queryable, actor: Actor, id: string, location: string, stocktakeId: number, context: AuditContext = {}) {
    const asset = await lockAsset(tx, id);
    if (asset.location === location) return;
    const after = await repo.updateAsset(tx, id, { location });
    await recordAudit(
      tx,
      actor,
      {
        action: 'asset.relocated',
        entityType: 'asset',
        entityId: id,
        before: { location: asset.location },
        after: { location: after.location, stocktakeId },
      },
      context,
    );
  }

  /** A missing asset that turned up again. */
  async found(tx: Queryable, actor: Actor, id: string, stocktakeId: number, context: AuditContext = {}): Promise<void> {
    const asset = await lockAsset(tx, id);
    if (asset.status !== 'missing') return;
    const after = await repo.setAssetStatus(tx, id, 'in_use');
    await auditStatus(tx, actor, asset, after, 'asset.found', context, { stocktakeId });
  }
}
