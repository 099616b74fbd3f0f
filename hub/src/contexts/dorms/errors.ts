import { AppError } from '../../errors.ts';

/**
 * Another context this step needs is not running in this installation (e.g. maintenance while
 * it is being built): the step is refused as a whole rather than done halfway or faked.
 */
export function dependencyUnavailable(what: string, consequence: string): AppError {
  return new AppError('dependency_unavailable', 409, `${what} is not available in this installation: ${consequence}`);
}

/** The first of a list of field problems as one error; the message lists the others too. */
export function firstProblem(problems: ReadonlyArray<{ field: string; reason: string }>): AppError | undefined {
  const [first, ...rest] = problems;
  if (!first) return undefined;
  const more = rest.length > 0 ? ` (and: ${rest.map((p) => `${p.field}: ${p.reason}`).join('; ')})` : '';
  return new AppError('invalid', 400, `${first.reason}${more}`, first.field);
}
