import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** The approvals inbox (IOT-11): every request waiting on me, its history, and my decision. */
export const route: ViewRoute = {
  path: '/approvals',
  titleKey: 'title',
  icon: '✔',
  permission: 'approvals.use',
  order: 20,
  component: lazy(() => import('./approvals-view.tsx')),
};
