import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { cursorCode, tags } from './http.ts';
import {
  presentCanteen,
  presentDish,
  presentMealPeriod,
  presentMenu,
  presentRecipeLine,
  presentSetMeal,
  presentStall,
} from './present.ts';
import {
  CanteenBodySchema,
  CanteenSchema,
  DishBodySchema,
  DishDetailSchema,
  DishQuerySchema,
  DishSchema,
  IdParams,
  MealPeriodBodySchema,
  MealPeriodParams,
  MealPeriodSettingSchema,
  MenuBodySchema,
  MenuMealSchema,
  MenuParams,
  MenuQuerySchema,
  MenuSchema,
  RecipeSchema,
  SetMealBodySchema,
  SetMealQuerySchema,
  SetMealSchema,
  StallBodySchema,
  StallQuerySchema,
  StallSchema,
  TerminalsBodySchema,
  VocabularySchema,
} from './schema.ts';
import {
  KITCHEN_STATUS_LABELS,
  MEAL_PERIOD_LABELS,
  MOVEMENT_REASON_LABELS,
  PLAN_STATUS_LABELS,
  PRE_ORDER_STATUS_LABELS,
  RATING_ASPECT_LABELS,
  STOCK_CATEGORY_LABELS,
} from './vocabulary.ts';

/** Canteens, stalls, terminals, dishes and recipes, set meals, meal periods, the menu calendar. */
const menuRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services, gateway }) => {
  const { menu } = services.catering;

  app.get(
    '/vocabulary',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Meal periods, statuses, movement reasons, rating aspects: labels in English and Chinese',
        response: { 200: VocabularySchema },
      },
    },
    async () => ({
      mealPeriods: MEAL_PERIOD_LABELS,
      kitchenStatuses: KITCHEN_STATUS_LABELS,
      preOrderStatuses: PRE_ORDER_STATUS_LABELS,
      movementReasons: MOVEMENT_REASON_LABELS,
      stockCategories: STOCK_CATEGORY_LABELS,
      planStatuses: PLAN_STATUS_LABELS,
      ratingAspects: RATING_ASPECT_LABELS,
    }),
  );

  app.get(
    '/canteens',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Canteens with their ordering terminals',
        response: { 200: Type.Object({ items: Type.Array(CanteenSchema) }) },
      },
    },
    async () => ({ items: (await menu.listCanteens()).map(presentCanteen) }),
  );

  app.get(
    '/canteens/:id',
    {
      config: { permission: 'catering.menu.read' },
      schema: { tags, summary: 'A canteen', params: IdParams, response: { 200: CanteenSchema } },
    },
    async (request) => presentCanteen(await menu.canteen(request.params.id)),
  );

  app.put(
    '/canteens/:id',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'Create or update a canteen by its code',
        params: IdParams,
        body: CanteenBodySchema,
        response: { 200: CanteenSchema },
      },
    },
    async (request) =>
      presentCanteen(await menu.saveCanteen(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.put(
    '/canteens/:id/terminals',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: "Set the canteen's ordering terminals (CAT-2): their orders go to this kitchen",
        params: IdParams,
        body: TerminalsBodySchema,
        response: { 200: CanteenSchema },
      },
    },
    async (request) =>
      presentCanteen(
        await menu.setTerminals(
          actorOf(request),
          request.params.id,
          request.body.deviceIds,
          (deviceId) => gateway.registry.get(deviceId)?.kind,
          auditContextOf(request),
        ),
      ),
  );

  app.get(
    '/stalls',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Stalls, of one canteen or all',
        querystring: StallQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(StallSchema) }) },
      },
    },
    async (request) => ({ items: (await menu.listStalls(request.query.canteenId)).map(presentStall) }),
  );

  app.put(
    '/stalls/:id',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'Create or update a stall by its code',
        params: IdParams,
        body: StallBodySchema,
        response: { 200: StallSchema },
      },
    },
    async (request) =>
      presentStall(await menu.saveStall(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/dishes',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Dishes by code, filtered and paged',
        querystring: DishQuerySchema,
        response: { 200: PageSchema(DishSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await menu.listDishes({ ...filter, afterId: cursorCode(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentDish, (row) => [row.id]);
    },
  );

  app.get(
    '/dishes/:id',
    {
      config: { permission: 'catering.menu.read' },
      schema: { tags, summary: 'A dish', params: IdParams, response: { 200: DishSchema } },
    },
    async (request) => presentDish((await menu.dish(request.params.id)).dish),
  );

  app.get(
    '/dishes/:id/recipe',
    {
      config: { permission: 'catering.recipes.read' },
      schema: {
        tags,
        summary: "A dish's recipe: ingredient quantities per portion",
        params: IdParams,
        response: { 200: RecipeSchema },
      },
    },
    async (request) => {
      const detail = await menu.dish(request.params.id);
      return { dishId: detail.dish.id, lines: detail.recipe.map(presentRecipeLine) };
    },
  );

  app.put(
    '/dishes/:id',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'Create or update a dish by its code, with its recipe (omit recipe to keep it)',
        params: IdParams,
        body: DishBodySchema,
        response: { 200: DishDetailSchema },
      },
    },
    async (request) => {
      const detail = await menu.saveDish(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return { dish: presentDish(detail.dish), recipe: detail.recipe.map(presentRecipeLine) };
    },
  );

  app.get(
    '/set-meals',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Set meals, filtered and paged',
        querystring: SetMealQuerySchema,
        response: { 200: PageSchema(SetMealSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await menu.listSetMeals({ ...filter, afterId: cursorCode(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentSetMeal, (row) => [row.id]);
    },
  );

  app.get(
    '/set-meals/:id',
    {
      config: { permission: 'catering.menu.read' },
      schema: { tags, summary: 'A set meal with its dishes', params: IdParams, response: { 200: SetMealSchema } },
    },
    async (request) => presentSetMeal(await menu.setMeal(request.params.id)),
  );

  app.put(
    '/set-meals/:id',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'Create or update a set meal by its code',
        params: IdParams,
        body: SetMealBodySchema,
        response: { 200: SetMealSchema },
      },
    },
    async (request) =>
      presentSetMeal(await menu.saveSetMeal(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/meal-periods',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'Meal periods: serving windows and pre-order cut-offs (campus time)',
        response: { 200: Type.Object({ timeZone: Type.String(), items: Type.Array(MealPeriodSettingSchema) }) },
      },
    },
    async () => ({ timeZone: services.catering.clock.timeZone, items: (await menu.mealPeriods()).map(presentMealPeriod) }),
  );

  app.put(
    '/meal-periods/:period',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: "Change a meal period's serving window and pre-order cut-off (CAT-1)",
        params: MealPeriodParams,
        body: MealPeriodBodySchema,
        response: { 200: MealPeriodSettingSchema },
      },
    },
    async (request) =>
      presentMealPeriod(
        await menu.saveMealPeriod(
          actorOf(request),
          { mealPeriod: request.params.period, ...request.body },
          auditContextOf(request),
        ),
      ),
  );

  app.get(
    '/menu',
    {
      config: { permission: 'catering.menu.read' },
      schema: {
        tags,
        summary: 'The menu calendar: per canteen, date and meal period, the dishes and set meals (default: the coming 7 days)',
        querystring: MenuQuerySchema,
        response: { 200: MenuSchema },
      },
    },
    async (request) => {
      const result = await menu.menu(request.query);
      return presentMenu(result.from, result.to, result.entries);
    },
  );

  app.put(
    '/canteens/:id/menu/:date/:period',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'Publish what a canteen serves at one meal (replaces the previous list)',
        params: MenuParams,
        body: MenuBodySchema,
        response: { 200: MenuMealSchema },
      },
    },
    async (request) => {
      const { id, date, period } = request.params;
      const rows = await menu.setMenu(
        actorOf(request),
        { canteenId: id, date, mealPeriod: period },
        request.body,
        auditContextOf(request),
      );
      return presentMenu(date, date, rows).meals[0] ?? { canteenId: id, date, mealPeriod: period, dishes: [], setMeals: [] };
    },
  );
};

export default menuRoutes;
