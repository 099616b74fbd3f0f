import type { Queryable } from '@campus/storage';
import type { MealPeriod } from './vocabulary.ts';

export interface RatingRow {
  id: string | number;
  user_id: string | number;
  canteen_id: string;
  service_date: string;
  meal_period: MealPeriod;
  dish_id: string;
  dish_name: string;
  dish_name_zh: string | null;
  stall_id: string | null;
  dish_score: number;
  service_score: number;
  environment_score: number;
  comment: string | null;
  created_at: Date;
}

const RATING_SELECT = `SELECT r.id, r.user_id, r.canteen_id, r.service_date::text AS service_date, r.meal_period, r.dish_id,
    d.name AS dish_name, d.name_zh AS dish_name_zh, r.stall_id, r.dish_score, r.service_score, r.environment_score, r.comment,
    r.created_at
  FROM meal_ratings r JOIN dishes d ON d.id = r.dish_id`;

export interface NewRating {
  userId: number;
  canteenId: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  dishId: string;
  stallId: string | null;
  dish: number;
  service: number;
  environment: number;
  comment: string | null;
}

/** @returns the new rating's id, or undefined when the diner already rated this meal. */
export async function insertRating(tx: Queryable, r: NewRating): Promise<number | undefined> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO meal_ratings (user_id, canteen_id, service_date, meal_period, dish_id, stall_id, dish_score, service_score,
       environment_score, comment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (user_id, service_date, meal_period) DO NOTHING RETURNING id`,
    [r.userId, r.canteenId, r.serviceDate, r.mealPeriod, r.dishId, r.stallId, r.dish, r.service, r.environment, r.comment],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

export async function findRating(q: Queryable, id: number): Promise<RatingRow | undefined> {
  return (await q.query<RatingRow>(`${RATING_SELECT} WHERE r.id = $1`, [id]))[0];
}

export interface RatingFilter {
  userId?: number | undefined;
  canteenId?: string | undefined;
  dishId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only ratings with some aspect at or below this score. */
  maxScore?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export function listRatings(q: Queryable, filter: RatingFilter): Promise<RatingRow[]> {
  return q.query<RatingRow>(
    `${RATING_SELECT}
     WHERE ($1::bigint IS NULL OR r.user_id = $1) AND ($2::text IS NULL OR r.canteen_id = $2) AND ($3::text IS NULL OR r.dish_id = $3)
       AND ($4::date IS NULL OR r.service_date >= $4) AND ($5::date IS NULL OR r.service_date <= $5)
       AND ($6::int IS NULL OR LEAST(r.dish_score, r.service_score, r.environment_score) <= $6)
       AND ($7::bigint IS NULL OR r.id < $7)
     ORDER BY r.id DESC LIMIT $8`,
    [
      filter.userId ?? null,
      filter.canteenId ?? null,
      filter.dishId ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.maxScore ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

export interface ScoreRow {
  key: string;
  name: string | null;
  name_zh: string | null;
  ratings: string | number;
  dish: string | null;
  service: string | null;
  environment: string | null;
}

export interface AnalysisScope {
  from: string;
  to: string;
  canteenId?: string | undefined;
}

const SCORES =
  'count(*) AS ratings, avg(r.dish_score) AS dish, avg(r.service_score) AS service, avg(r.environment_score) AS environment';
const SCOPE = 'r.service_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR r.canteen_id = $3)';
const scopeParams = (scope: AnalysisScope) => [scope.from, scope.to, scope.canteenId ?? null];

/** Satisfaction over time: buckets by day, or by ISO week (starting Monday). */
export function scoresOverTime(q: Queryable, scope: AnalysisScope, bucket: 'day' | 'week'): Promise<ScoreRow[]> {
  const key = bucket === 'day' ? 'r.service_date' : "date_trunc('week', r.service_date)::date";
  return q.query<ScoreRow>(
    `SELECT ${key}::text AS key, NULL AS name, NULL AS name_zh, ${SCORES} FROM meal_ratings r WHERE ${SCOPE}
     GROUP BY 1 ORDER BY 1`,
    scopeParams(scope),
  );
}

export function scoresByDish(q: Queryable, scope: AnalysisScope): Promise<ScoreRow[]> {
  return q.query<ScoreRow>(
    `SELECT r.dish_id AS key, d.name, d.name_zh, ${SCORES} FROM meal_ratings r JOIN dishes d ON d.id = r.dish_id WHERE ${SCOPE}
     GROUP BY r.dish_id, d.name, d.name_zh ORDER BY dish, key`,
    scopeParams(scope),
  );
}

export function scoresByStall(q: Queryable, scope: AnalysisScope): Promise<ScoreRow[]> {
  return q.query<ScoreRow>(
    `SELECT COALESCE(r.stall_id, '') AS key, s.name, s.name_zh, ${SCORES}
     FROM meal_ratings r LEFT JOIN canteen_stalls s ON s.id = r.stall_id WHERE ${SCOPE}
     GROUP BY r.stall_id, s.name, s.name_zh ORDER BY dish, key`,
    scopeParams(scope),
  );
}

export function scoresByCanteen(q: Queryable, scope: AnalysisScope): Promise<ScoreRow[]> {
  return q.query<ScoreRow>(
    `SELECT r.canteen_id AS key, c.name, c.name_zh, ${SCORES}
     FROM meal_ratings r JOIN canteens c ON c.id = r.canteen_id WHERE ${SCOPE}
     GROUP BY r.canteen_id, c.name, c.name_zh ORDER BY service, key`,
    scopeParams(scope),
  );
}

/**
 * Dish scores per supplier, through traceability: a rating of dish d at meal (date, period,
 * canteen) counts for every supplier whose delivered batch went into a production of d for
 * that meal. Each rating counts once per supplier however many of its batches were used.
 */
export function scoresBySupplier(q: Queryable, scope: AnalysisScope): Promise<ScoreRow[]> {
  return q.query<ScoreRow>(
    `WITH linked AS (
       SELECT r.id, COALESCE(dl.supplier_id, dl.supplier_name) AS key, max(dl.supplier_name) AS supplier_name,
         r.dish_score, r.service_score, r.environment_score
       FROM meal_ratings r
         JOIN production_records p ON p.dish_id = r.dish_id AND p.service_date = r.service_date
           AND p.meal_period = r.meal_period AND p.canteen_id = r.canteen_id
         JOIN stock_movements used ON used.production_id = p.id AND used.batch IS NOT NULL
         JOIN stock_movements dl ON dl.item_id = used.item_id AND dl.batch = used.batch AND dl.direction = 'in'
           AND dl.reason = 'delivery' AND COALESCE(dl.supplier_id, dl.supplier_name) IS NOT NULL
       WHERE ${SCOPE}
       GROUP BY r.id, COALESCE(dl.supplier_id, dl.supplier_name), r.dish_score, r.service_score, r.environment_score
     )
     SELECT r.key, max(r.supplier_name) AS name, NULL AS name_zh, ${SCORES} FROM linked r GROUP BY r.key ORDER BY dish, key`,
    scopeParams(scope),
  );
}
