/** Error codes name one failure each, so pages and tests can tell failures apart by code. */
import * as errors from '../../cloudfunctions/core/errors';

it('gives every error class its own code (INVALID_INPUT: any payload that fails validation, a configuration included)', () => {
  const byCode = new Map<string, string[]>();
  for (const [name, value] of Object.entries(errors)) {
    if (typeof value !== 'function' || name === 'DomainError' || name === 'InviteError') continue;
    const Make = value as unknown as new (...args: unknown[]) => errors.DomainError;
    const e = new Make(['x'], 'y');
    byCode.set(e.code, [...(byCode.get(e.code) ?? []), name]);
  }
  const shared = [...byCode].filter(([, names]) => names.length > 1);
  expect(shared.map(([code, names]) => [code, names.sort()])).toEqual([['INVALID_INPUT', ['ConfigProblemsError', 'InvalidInputError']]]);
  expect(byCode.size).toBeGreaterThanOrEqual(22);
});
