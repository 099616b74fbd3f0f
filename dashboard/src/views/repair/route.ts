import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** Report a fault from a phone (MNT-1); the QR label on an asset opens /repair?asset=ID. Then track and accept (MNT-5). */
export const route: ViewRoute = {
  path: '/repair',
  titleKey: 'title',
  icon: '📝',
  permission: 'maintenance.request',
  order: 30,
  component: lazy(() => import('./repair-view.tsx')),
};
