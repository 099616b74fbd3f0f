import type { Logger } from '@campus/gateway';
import type { Db } from '@campus/storage';
import { systemActor } from '../actor.ts';
import type { AlertService } from '../contexts/alerts/service.ts';
import type { RequisitionDrafter, TicketOpener } from '../contracts.ts';
import type { EffectApplier } from './engine.ts';
import type { AnyRule, Effect } from './types.ts';

export interface EffectTargets {
  db: Db;
  alerts: AlertService;
  tickets?: TicketOpener | undefined;
  requisitions?: RequisitionDrafter | undefined;
  log: Logger;
}

/** Applies rule effects through the domain services, each idempotent by its own key. */
export function createEffectApplier(targets: EffectTargets): EffectApplier {
  const actor = systemActor('rules');
  const warned = new Set<string>();
  const unavailable = (what: string) => {
    if (warned.has(what)) return;
    warned.add(what);
    targets.log.warn({ what }, `a rule wanted to ${what}, but that module is not part of this hub`);
  };
  return {
    async apply(rule: AnyRule, site: string, at: Date, effect: Effect) {
      switch (effect.type) {
        case 'raise_alert':
          await targets.alerts.raise({
            ruleId: rule.id,
            category: rule.category,
            subject: effect.subject,
            site,
            severity: effect.severity,
            title: effect.title,
            message: effect.message,
            evidence: effect.evidence,
            at,
          });
          return;
        case 'resolve_alert':
          await targets.alerts.autoResolve(rule.id, effect.subject, effect.note, at);
          return;
        case 'open_ticket': {
          const tickets = targets.tickets;
          if (!tickets) return unavailable('open a maintenance ticket');
          await targets.db.transaction((tx) =>
            tickets.openTicket(tx, actor, {
              source: effect.dedupeKey.includes(':runtime:') ? 'preventive' : 'rule',
              title: effect.title,
              description: effect.description,
              place: { text: `Asset ${effect.assetId}` },
              assetId: effect.assetId,
              faultType: effect.faultType,
              urgency: effect.urgency,
              evidence: { ruleId: rule.id, ...effect.evidence },
              dedupeKey: effect.dedupeKey,
            }),
          );
          return;
        }
        case 'draft_requisition': {
          const requisitions = targets.requisitions;
          if (!requisitions) return unavailable('draft a purchase requisition');
          await targets.db.transaction((tx) =>
            requisitions.draftRequisition(tx, actor, {
              departmentId: effect.departmentId,
              itemName: effect.itemName,
              quantity: effect.quantity,
              unit: effect.unit,
              reason: effect.reason,
              itemRef: `stock-item:${effect.itemId}`,
              dedupeKey: effect.dedupeKey,
            }),
          );
          return;
        }
      }
    },
  };
}
