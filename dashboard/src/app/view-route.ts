import type { Permission, Role } from '@campus/protocol';
import type { ComponentType, LazyExoticComponent } from 'react';

/**
 * What a view folder exports from `src/views/<name>/route.ts` (see dashboard/README.md).
 * The shell discovers every route.ts, shows the view in the navigation only to users whose
 * roles allow it (the protocol's permission matrix, the same one the hub enforces), and loads
 * the component on first visit.
 */
export interface ViewRoute {
  /** `/security`, or with parameters `/maintenance/tickets/:id`. */
  path: string;
  /** A key of the view's own messages.ts: the navigation label and the page title. */
  titleKey: string;
  /** A short symbol shown before the label (an emoji or a character). */
  icon?: string;
  /** Who may open it: an action of the permission matrix… */
  permission?: Permission;
  /** …or roles, when no single action says it (admin always passes). */
  roles?: readonly Role[];
  /** Open without signing in (the sign-in page). */
  public?: boolean;
  /** Listed in the navigation (default true; false for pages reached by links). */
  nav?: boolean;
  /** Position in the navigation, small first (default 100). */
  order?: number;
  /** The page, loaded lazily: `lazy(() => import('./security-view.tsx'))`. */
  component: LazyExoticComponent<ComponentType>;
}
