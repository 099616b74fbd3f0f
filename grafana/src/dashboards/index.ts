import type { DashboardSpec } from '../builders.ts';
import { access } from './access.ts';
import { canteen } from './canteen.ts';
import { equipment } from './equipment.ts';
import { ingestHealth } from './ingest-health.ts';
import { maintenance } from './maintenance.ts';

/** Every dashboard, in the order of the folder listing; the file name is the uid without "campus-". */
export const DASHBOARDS: readonly DashboardSpec[] = [ingestHealth, access, canteen, equipment, maintenance];
