import type { Db } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { addDays, daysBetween, isDate } from './clock.ts';
import { checkRating, RATING_WINDOW_DAYS } from './cutoff.ts';
import { findIssues } from './issues.ts';
import type { LiveFeed } from './live.ts';
import * as menuRepo from './menu-repository.ts';
import type { MenuService } from './menu-service.ts';
import { presentRating, presentScore } from './present.ts';
import type { RatingFilter, RatingRow } from './rating-repository.ts';
import * as repo from './rating-repository.ts';
import { type CateringClock, isUniqueViolation } from './settings.ts';
import type { MealPeriod } from './vocabulary.ts';

/** An analysis spans at most a year (weekly buckets); the default is the last 30 days. */
export const ANALYSIS_MAX_DAYS = 366;
const ANALYSIS_DEFAULT_DAYS = 30;
/** Low scores with a comment: the diners' own words behind the numbers. */
const LOW_COMMENT_SCORE = 2;
const LOW_COMMENTS_MAX = 20;

export interface RatingInput {
  canteenId: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  dishId: string;
  dish: number;
  service: number;
  environment: number;
  comment?: string | null | undefined;
}

/**
 * Ratings after meals (CAT-7: dish quality, service, environment, fed back live) and their
 * analysis (CAT-8: satisfaction over time, per canteen, stall, dish and supplier, issues).
 * Diners' names never leave this service: readers see scores and comments only.
 */
export class RatingService {
  readonly #db: Db;
  readonly #clock: CateringClock;
  readonly #menu: MenuService;
  readonly #live: LiveFeed;

  constructor(db: Db, options: { clock: CateringClock; menu: MenuService; live: LiveFeed }) {
    this.#db = db;
    this.#clock = options.clock;
    this.#menu = options.menu;
    this.#live = options.live;
  }

  /**
   * A diner rates a meal they ate: after it began, within a week, once per meal.
   * @throws AppError illegal_transition before the meal or after the window; conflict for a second rating.
   */
  async rate(actor: Actor, input: RatingInput, context: AuditContext = {}): Promise<RatingRow> {
    const userId = actor.userId;
    if (userId === null) throw forbidden('meals are rated by diners');
    const setting = await this.#menu.mealPeriod(input.mealPeriod);
    const check = checkRating(this.#clock.now(), input.serviceDate, setting, this.#clock.timeZone);
    if (!check.ok) {
      throw illegalTransition(
        check.reason === 'not_served_yet'
          ? `${input.mealPeriod} on ${input.serviceDate} has not been served yet`
          : `meals can be rated up to ${RATING_WINDOW_DAYS} days after`,
      );
    }
    await this.#menu.canteen(input.canteenId);
    const dish = (await menuRepo.findDishes(this.#db, [input.dishId]))[0];
    if (!dish) throw invalid('dishId', `no dish ${input.dishId}`);
    if (dish.canteen_id && dish.canteen_id !== input.canteenId)
      throw invalid('dishId', `${input.dishId} is served in canteen ${dish.canteen_id}`);
    const comment = input.comment?.trim() || null;
    const rating = await this.#db
      .transaction(async (tx) => {
        const id = await repo.insertRating(tx, {
          userId,
          canteenId: input.canteenId,
          serviceDate: input.serviceDate,
          mealPeriod: input.mealPeriod,
          dishId: input.dishId,
          stallId: dish.stall_id,
          dish: input.dish,
          service: input.service,
          environment: input.environment,
          comment,
        });
        if (id === undefined) throw this.#alreadyRated(input);
        const row = await repo.findRating(tx, id);
        if (!row) throw notFound(`rating ${id}`);
        await recordAudit(
          tx,
          actor,
          { action: 'meal_rating.created', entityType: 'meal_rating', entityId: id, after: presentRating(row) },
          context,
        );
        return row;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? this.#alreadyRated(input) : err;
      });
    this.#live.emit({ name: 'catering.meal_rated', canteenId: rating.canteen_id, rating: presentRating(rating) });
    return rating;
  }

  #alreadyRated(input: RatingInput) {
    return conflict('mealPeriod', `you already rated ${input.mealPeriod} on ${input.serviceDate}`);
  }

  myRatings(actor: Actor, filter: { beforeId?: number | undefined; limit: number }): Promise<RatingRow[]> {
    if (actor.userId === null) return Promise.resolve([]);
    return repo.listRatings(this.#db, { ...filter, userId: actor.userId });
  }

  list(filter: Omit<RatingFilter, 'userId'>): Promise<RatingRow[]> {
    return repo.listRatings(this.#db, filter);
  }

  /** Satisfaction over time and per subject, with the issues worth acting on (CAT-8). */
  async analysis(filter: {
    from?: string | undefined;
    to?: string | undefined;
    canteenId?: string | undefined;
    bucket: 'day' | 'week';
  }) {
    const to = filter.to ?? this.#menu.today();
    const from = filter.from ?? addDays(to, -(ANALYSIS_DEFAULT_DAYS - 1));
    if (!isDate(from)) throw invalid('from', 'must be a date YYYY-MM-DD');
    if (!isDate(to)) throw invalid('to', 'must be a date YYYY-MM-DD');
    if (daysBetween(from, to) < 0) throw invalid('to', 'must not be before from');
    if (daysBetween(from, to) >= ANALYSIS_MAX_DAYS) throw invalid('from', `must be within ${ANALYSIS_MAX_DAYS} days of to`);
    if (filter.canteenId) await this.#menu.canteen(filter.canteenId);
    const scope = { from, to, canteenId: filter.canteenId };
    const [overTime, byCanteen, byDish, byStall, bySupplier, lowComments] = await Promise.all([
      repo.scoresOverTime(this.#db, scope, filter.bucket),
      repo.scoresByCanteen(this.#db, scope),
      repo.scoresByDish(this.#db, scope),
      repo.scoresByStall(this.#db, scope),
      repo.scoresBySupplier(this.#db, scope),
      repo.listRatings(this.#db, { ...scope, maxScore: LOW_COMMENT_SCORE, limit: LOW_COMMENTS_MAX * 3 }),
    ]);
    const canteens = byCanteen.map(presentScore);
    const dishes = byDish.map(presentScore);
    const stalls = byStall.map(presentScore);
    const suppliers = bySupplier.map(presentScore);
    const total = canteens.reduce((sum, c) => sum + c.ratings, 0);
    const weighted = (aspect: 'dish' | 'service' | 'environment') =>
      Math.round((canteens.reduce((sum, c) => sum + c[aspect] * c.ratings, 0) / total) * 100) / 100;
    const overall =
      total === 0
        ? null
        : (() => {
            const dish = weighted('dish');
            const service = weighted('service');
            const environment = weighted('environment');
            return {
              key: 'all',
              name: null,
              nameZh: null,
              ratings: total,
              dish,
              service,
              environment,
              overall: Math.round(((dish + service + environment) / 3) * 100) / 100,
            };
          })();
    return {
      from,
      to,
      bucket: filter.bucket,
      overall,
      overTime: overTime.map(presentScore),
      byCanteen: canteens,
      byDish: dishes,
      byStall: stalls,
      bySupplier: suppliers,
      issues: findIssues({ canteen: canteens, dish: dishes, stall: stalls, supplier: suppliers }),
      lowComments: lowComments
        .filter((r) => r.comment !== null)
        .slice(0, LOW_COMMENTS_MAX)
        .map(presentRating),
    };
  }
}
