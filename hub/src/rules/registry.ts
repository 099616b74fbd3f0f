import { ACCESS_RULES } from './rules/access.ts';
import { EQUIPMENT_RULES } from './rules/equipment.ts';
import { INGEST_RULES } from './rules/ingest.ts';
import { STOCK_RULES } from './rules/stock.ts';
import type { AnyRule } from './types.ts';

export const ALL_RULES: AnyRule[] = [...ACCESS_RULES, ...STOCK_RULES, ...EQUIPMENT_RULES, ...INGEST_RULES];
