import type { Gateway } from '@campus/gateway';
import type { Db } from '@campus/storage';
import type { HubServices } from './services.ts';

/** What every context's routes receive: the database, the gateway and the domain services. */
export interface HubDeps {
  db: Db;
  gateway: Gateway;
  services: HubServices;
}
