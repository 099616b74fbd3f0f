import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** The security officer's console: the movements feed is restricted data (DAT-6), the server decides the rooms. */
export const route: ViewRoute = {
  path: '/security',
  titleKey: 'title',
  icon: '🛡',
  permission: 'live.access_feed',
  order: 10,
  component: lazy(() => import('./security-view.tsx')),
};
