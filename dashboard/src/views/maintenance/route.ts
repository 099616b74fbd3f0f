import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** The maintenance planner (维修调度员): triage, dispatch, postponements, workload, risk, statistics (MNT-2..7, IOT-9). */
export const route: ViewRoute = {
  path: '/maintenance',
  titleKey: 'title',
  icon: '🛠',
  permission: 'maintenance.assign',
  order: 20,
  component: lazy(() => import('./maintenance-view.tsx')),
};
