import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** The wall screen: ingest rate, open alerts, open tickets, stock at risk. */
export const route: ViewRoute = {
  path: '/overview',
  titleKey: 'title',
  icon: '📊',
  permission: 'ingest.read',
  order: 5,
  component: lazy(() => import('./overview-view.tsx')),
};
