import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/**
 * Assets (IOT-11, AST-1, AST-7): the register with search and the QR label for the asset office
 * and every reader (department heads see their department's), the depreciation report for
 * finance and the asset office.
 */
export const route: ViewRoute = {
  path: '/assets',
  titleKey: 'title',
  icon: '🏷',
  permission: 'assets.read',
  order: 60,
  component: lazy(() => import('./assets-view.tsx')),
};
