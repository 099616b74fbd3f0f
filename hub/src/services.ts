import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@campus/storage';
import { AlertService } from './contexts/alerts/service.ts';
import { ApprovalService } from './contexts/approvals/service.ts';
import { AssetService } from './contexts/assets/service.ts';
import { CalendarService } from './contexts/calendar/service.ts';
import { CateringService } from './contexts/catering/service.ts';
import { DormService } from './contexts/dorms/service.ts';
import { IdentityService } from './contexts/identity/service.ts';
import { ImportService } from './contexts/import/service.ts';
import { MaintenanceService } from './contexts/maintenance/service.ts';
import { ProcurementService } from './contexts/procurement/service.ts';
import { ReviewService } from './contexts/review/service.ts';
import { TrainingService } from './contexts/training/service.ts';
import { RuleConfigStore } from './rules/config-store.ts';
import { ALL_RULES } from './rules/registry.ts';

/** The domain services of the hub, built once per process (the composition root owns them). */
export interface HubServices {
  identity: IdentityService;
  approvals: ApprovalService;
  alerts: AlertService;
  ruleConfigs: RuleConfigStore;
  maintenance: MaintenanceService;
  review: ReviewService;
  assets: AssetService;
  imports: ImportService;
  calendar: CalendarService;
  training: TrainingService;
  procurement: ProcurementService;
  dorms: DormService;
  catering: CateringService;
}

export interface ServiceOptions {
  /** Uploaded files (photos, vouchers) live under here; the runtime puts it in DATA_DIR. */
  uploadsDir?: string | undefined;
  /** Base URL of the hub as people reach it (QR labels link to `${publicUrl}/repair?asset=…`). */
  publicUrl?: string | undefined;
}

export function createServices(db: Db, options: ServiceOptions = {}): HubServices {
  const uploadsDir = options.uploadsDir ?? join(tmpdir(), 'campus-hub-uploads');
  const identity = new IdentityService(db);
  const approvals = new ApprovalService(db);
  const alerts = new AlertService(db);
  const ruleConfigs = new RuleConfigStore(db, ALL_RULES);
  const maintenance = new MaintenanceService(db, { identity, approvals, uploadsDir });
  const review = new ReviewService(db);
  const assets = new AssetService(db, { approvals, review, uploadsDir, publicUrl: options.publicUrl ?? 'http://localhost:8080' });
  const imports = new ImportService(db, { identity, assets });
  const calendar = new CalendarService(db);
  const training = new TrainingService(db, { identity, approvals, calendar });
  // Receiving hands goods to the asset register and the ingredient stock, looked up when used.
  const procurement = new ProcurementService(db, { approvals, peers: () => services });
  const dorms = new DormService(db, { identity, approvals, tickets: maintenance, assets, uploadsDir });
  // Catering drafts requisitions through procurement and reads holidays from the calendar, looked up when used.
  const catering = new CateringService(db, { peers: () => services });
  const services: HubServices = {
    identity,
    approvals,
    alerts,
    ruleConfigs,
    maintenance,
    review,
    assets,
    imports,
    calendar,
    training,
    procurement,
    dorms,
    catering,
  };
  return services;
}
