import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/**
 * Procurement (IOT-11, PRC-1..6): requisitions, plans, quotes with their evaluation and contract
 * tracking for the procurement office; finance and the logistics manager read (sections follow
 * each role's permissions: finance sees no sourcing).
 */
export const route: ViewRoute = {
  path: '/procurement',
  titleKey: 'title',
  icon: '🧾',
  permission: 'procurement.plans.read',
  order: 70,
  component: lazy(() => import('./procurement-view.tsx')),
};
