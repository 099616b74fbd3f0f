import Type, { type TSchema } from 'typebox';

/** The query of every CSV import endpoint. */
export const ImportQuerySchema = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'Validate every row and report, store nothing' }),
});

/**
 * The report every CSV import answers with (200 clean dry run, 201 stored, 422 refused rows),
 * as properties so an import can add its own after them; `kind` is the schema of its kinds.
 */
export function importReportProperties<Kind extends TSchema>(kind: Kind) {
  return {
    kind,
    dryRun: Type.Boolean(),
    imported: Type.Boolean(),
    total: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), reason: Type.String() })),
    ids: Type.Array(Type.String()),
  };
}
