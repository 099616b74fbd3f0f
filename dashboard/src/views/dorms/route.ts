import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/**
 * Dormitories (IOT-11): the dormitory manager's occupancy, check-in and check-out queues,
 * inspections and rectifications. The logistics manager reads what their permissions allow;
 * security officers have their own view of occupancy.
 */
export const route: ViewRoute = {
  path: '/dorms',
  titleKey: 'title',
  icon: '🛏',
  roles: ['dorm_manager', 'logistics_manager'],
  order: 50,
  component: lazy(() => import('./dorms-view.tsx')),
};
