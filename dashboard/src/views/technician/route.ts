import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** The technician's phone: my tickets, confirm the visit, log work, mark done (MNT-3, MNT-4). */
export const route: ViewRoute = {
  path: '/technician',
  titleKey: 'title',
  icon: '🔧',
  permission: 'maintenance.work',
  order: 25,
  component: lazy(() => import('./technician-view.tsx')),
};
