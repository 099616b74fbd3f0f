import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/**
 * Canteens and stock (IOT-11): the canteen manager runs the kitchen queue and the store; the
 * procurement office, finance and the logistics manager read stock (sections follow each
 * role's permissions).
 */
export const route: ViewRoute = {
  path: '/canteen',
  titleKey: 'title',
  icon: '🍚',
  permission: 'catering.stock.read',
  order: 40,
  component: lazy(() => import('./canteen-view.tsx')),
};
