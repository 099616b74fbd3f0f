import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

export const route: ViewRoute = {
  path: '/login',
  titleKey: 'title',
  public: true,
  nav: false,
  component: lazy(() => import('./login-view.tsx')),
};
