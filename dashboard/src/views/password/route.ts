import { lazy } from 'react';
import type { ViewRoute } from '../../app/view-route.ts';

/** Reached after sign-in when an administrator reset the password (mustChangePassword). */
export const route: ViewRoute = {
  path: '/password',
  titleKey: 'title',
  public: true,
  nav: false,
  component: lazy(() => import('./password-view.tsx')),
};
