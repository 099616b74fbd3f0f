import Type, { type TSchema } from 'typebox';

/**
 * A value or null, Null first: the app validates with ajv's `coerceTypes`, which tries anyOf
 * branches in order and coerces on the way, so `[Number, Null]` turned a JSON null into 0 and
 * `[String, Null]` into "" before any service saw it.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
