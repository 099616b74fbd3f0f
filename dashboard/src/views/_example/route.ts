import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/**
 * The shape every view follows (dashboard/README.md). Folders starting with `_` are not
 * served: copy this folder to `src/views/<name>/` and change path, titleKey and permission.
 */
export const route: ViewRoute = {
  path: '/example',
  titleKey: 'title',
  icon: '★',
  permission: 'assets.read',
  order: 900,
  component: lazy(() => import('./example-view.tsx')),
};
