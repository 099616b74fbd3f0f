import type { Migration } from '@campus/storage';

/**
 * Catering (CAT-1..8). Master data (canteens, stalls, dishes, stock items, set meals) is keyed
 * by codes, because terminals and scales send those codes (`dishId`, `itemId`). Stock is one
 * store for all canteens; the book quantity is a running balance kept in the same transaction
 * as each movement, so the live view never sums the movement history.
 */
export const CATERING_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'canteens, dishes, recipes, menus, pre-orders, kitchen orders, stock, production, ratings, purchase plans',
    up: () => `
      CREATE TABLE canteens (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_zh text,
        location text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE canteen_terminals (
        device_id text PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id)
      );
      CREATE INDEX canteen_terminals_canteen ON canteen_terminals (canteen_id);
      CREATE TABLE canteen_stalls (
        id text PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id),
        name text NOT NULL,
        name_zh text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX canteen_stalls_canteen ON canteen_stalls (canteen_id, id);
      CREATE TABLE stock_items (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_zh text,
        specification text,
        unit text NOT NULL,
        category text NOT NULL DEFAULT 'ingredient',
        safety_stock numeric(14, 3) NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
        book_quantity numeric(14, 3) NOT NULL DEFAULT 0 CHECK (book_quantity >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dishes (
        id text PRIMARY KEY,
        name text NOT NULL,
        name_zh text,
        stall_id text REFERENCES canteen_stalls (id),
        category text,
        price numeric(14, 2) NOT NULL CHECK (price >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX dishes_stall ON dishes (stall_id);
      CREATE TABLE recipe_lines (
        dish_id text NOT NULL REFERENCES dishes (id),
        item_id text NOT NULL REFERENCES stock_items (id),
        quantity numeric(12, 4) NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (dish_id, item_id)
      );
      CREATE INDEX recipe_lines_item ON recipe_lines (item_id);
      CREATE TABLE set_meals (
        id text PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id),
        name text NOT NULL,
        name_zh text,
        meal_period text NOT NULL,
        price numeric(14, 2) NOT NULL CHECK (price >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX set_meals_canteen ON set_meals (canteen_id, id);
      CREATE TABLE set_meal_dishes (
        set_meal_id text NOT NULL REFERENCES set_meals (id),
        dish_id text NOT NULL REFERENCES dishes (id),
        portions integer NOT NULL DEFAULT 1 CHECK (portions BETWEEN 1 AND 20),
        PRIMARY KEY (set_meal_id, dish_id)
      );
      CREATE TABLE meal_period_settings (
        meal_period text PRIMARY KEY,
        serves_from text NOT NULL,
        serves_until text NOT NULL,
        cutoff_days_before integer NOT NULL CHECK (cutoff_days_before BETWEEN 0 AND 7),
        cutoff_time text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO meal_period_settings (meal_period, serves_from, serves_until, cutoff_days_before, cutoff_time) VALUES
        ('breakfast', '06:30', '09:00', 1, '20:00'),
        ('lunch', '11:00', '13:30', 0, '09:30'),
        ('dinner', '17:00', '19:30', 0, '14:00'),
        ('late_night', '21:00', '23:00', 0, '18:00');
      CREATE TABLE menu_items (
        id bigserial PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id),
        service_date date NOT NULL,
        meal_period text NOT NULL,
        dish_id text REFERENCES dishes (id),
        set_meal_id text REFERENCES set_meals (id),
        CHECK ((dish_id IS NULL) <> (set_meal_id IS NULL))
      );
      CREATE UNIQUE INDEX menu_items_key ON menu_items (canteen_id, service_date, meal_period, COALESCE(dish_id, ''), COALESCE(set_meal_id, ''));
      CREATE INDEX menu_items_date ON menu_items (service_date, canteen_id);
      CREATE TABLE pre_orders (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        canteen_id text NOT NULL REFERENCES canteens (id),
        service_date date NOT NULL,
        meal_period text NOT NULL,
        status text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'cancelled', 'collected')),
        total numeric(14, 2) NOT NULL,
        cutoff_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX pre_orders_one_per_meal ON pre_orders (user_id, service_date, meal_period) WHERE status <> 'cancelled';
      CREATE INDEX pre_orders_user ON pre_orders (user_id, id);
      CREATE INDEX pre_orders_meal ON pre_orders (service_date, canteen_id, meal_period, id);
      CREATE TABLE pre_order_lines (
        pre_order_id bigint NOT NULL REFERENCES pre_orders (id),
        line_no integer NOT NULL,
        dish_id text REFERENCES dishes (id),
        set_meal_id text REFERENCES set_meals (id),
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
        unit_price numeric(14, 2) NOT NULL,
        PRIMARY KEY (pre_order_id, line_no),
        CHECK ((dish_id IS NULL) <> (set_meal_id IS NULL))
      );
      CREATE TABLE kitchen_orders (
        id bigserial PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id),
        device_id text NOT NULL,
        event_id text NOT NULL,
        order_id text NOT NULL,
        ordered_at timestamptz NOT NULL,
        service_date date NOT NULL,
        meal_period text NOT NULL,
        total numeric(14, 2) NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'preparing', 'ready', 'served')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device_id, event_id)
      );
      CREATE INDEX kitchen_orders_queue ON kitchen_orders (canteen_id, status, id);
      CREATE INDEX kitchen_orders_open ON kitchen_orders (canteen_id, id) WHERE status IN ('pending', 'preparing', 'ready');
      CREATE INDEX kitchen_orders_day ON kitchen_orders (service_date, canteen_id);
      CREATE TABLE kitchen_order_lines (
        kitchen_order_id bigint NOT NULL REFERENCES kitchen_orders (id),
        line_no integer NOT NULL,
        dish_id text NOT NULL,
        quantity integer NOT NULL,
        unit_price numeric(14, 2) NOT NULL,
        canteen_id text NOT NULL,
        service_date date NOT NULL,
        meal_period text NOT NULL,
        PRIMARY KEY (kitchen_order_id, line_no)
      );
      CREATE INDEX kitchen_order_lines_day ON kitchen_order_lines (service_date, canteen_id, meal_period, dish_id);
      CREATE TABLE production_records (
        id bigserial PRIMARY KEY,
        canteen_id text NOT NULL REFERENCES canteens (id),
        dish_id text NOT NULL REFERENCES dishes (id),
        service_date date NOT NULL,
        meal_period text NOT NULL,
        portions integer NOT NULL CHECK (portions > 0),
        note text,
        recorded_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX production_records_day ON production_records (service_date, canteen_id, meal_period, dish_id);
      CREATE INDEX production_records_dish ON production_records (dish_id, service_date);
      CREATE TABLE stock_movements (
        id bigserial PRIMARY KEY,
        item_id text NOT NULL REFERENCES stock_items (id),
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
        reason text NOT NULL CHECK (reason IN ('delivery', 'consumption', 'waste', 'stocktake_adjustment')),
        occurred_at timestamptz NOT NULL,
        supplier_id text,
        supplier_name text,
        batch text,
        note text,
        source_ref text,
        production_id bigint REFERENCES production_records (id),
        stocktake_id bigint,
        balance_after numeric(14, 3) NOT NULL,
        recorded_by bigint REFERENCES users (id),
        recorded_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX stock_movements_item ON stock_movements (item_id, id);
      CREATE INDEX stock_movements_batch ON stock_movements (item_id, batch) WHERE batch IS NOT NULL;
      CREATE INDEX stock_movements_production ON stock_movements (production_id) WHERE production_id IS NOT NULL;
      CREATE INDEX stock_movements_supplier ON stock_movements (supplier_id) WHERE supplier_id IS NOT NULL;
      CREATE INDEX stock_movements_reason ON stock_movements (reason, id);
      CREATE TABLE stocktakes (
        id bigserial PRIMARY KEY,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'cancelled')),
        note text,
        opened_by bigint REFERENCES users (id),
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      CREATE UNIQUE INDEX stocktakes_one_open ON stocktakes ((true)) WHERE status = 'open';
      CREATE TABLE stocktake_counts (
        stocktake_id bigint NOT NULL REFERENCES stocktakes (id),
        item_id text NOT NULL REFERENCES stock_items (id),
        book_quantity numeric(14, 3) NOT NULL,
        counted_quantity numeric(14, 3) NOT NULL CHECK (counted_quantity >= 0),
        cause text,
        counted_by bigint REFERENCES users (id),
        counted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stocktake_id, item_id)
      );
      CREATE TABLE meal_ratings (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        canteen_id text NOT NULL REFERENCES canteens (id),
        service_date date NOT NULL,
        meal_period text NOT NULL,
        dish_id text NOT NULL REFERENCES dishes (id),
        stall_id text REFERENCES canteen_stalls (id),
        dish_score smallint NOT NULL CHECK (dish_score BETWEEN 1 AND 5),
        service_score smallint NOT NULL CHECK (service_score BETWEEN 1 AND 5),
        environment_score smallint NOT NULL CHECK (environment_score BETWEEN 1 AND 5),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX meal_ratings_one_per_meal ON meal_ratings (user_id, service_date, meal_period);
      CREATE INDEX meal_ratings_day ON meal_ratings (service_date, canteen_id);
      CREATE INDEX meal_ratings_dish ON meal_ratings (dish_id, service_date);
      CREATE INDEX meal_ratings_user ON meal_ratings (user_id, id);
      CREATE TABLE purchase_plans (
        id bigserial PRIMARY KEY,
        needed_on date NOT NULL,
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'discarded')),
        forecast jsonb NOT NULL,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      );
      CREATE UNIQUE INDEX purchase_plans_one_proposed ON purchase_plans (needed_on) WHERE status = 'proposed';
      CREATE INDEX purchase_plans_list ON purchase_plans (status, id);
      CREATE TABLE purchase_plan_lines (
        plan_id bigint NOT NULL REFERENCES purchase_plans (id),
        item_id text NOT NULL REFERENCES stock_items (id),
        quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        needed_by date NOT NULL,
        need numeric(14, 3) NOT NULL,
        available numeric(14, 3) NOT NULL,
        requisition_id bigint,
        PRIMARY KEY (plan_id, item_id)
      );`,
  },
];
