// Error handling: handlers that hide failures. Ownership between them (one finding per problem):
// catch-all handlers that swallow belong to broad-except / bare-except; swallowed-exception,
// raise-without-from and log-error-without-traceback skip those (see rules/python/handlers.ts).
import type { RuleGroup } from './group';
import { broadExcept } from '../python/broad-except';
import { bareExcept } from '../python/bare-except';
import { swallowedException } from '../python/swallowed-exception';
import { raiseWithoutFrom } from '../python/raise-without-from';
import { logErrorWithoutTraceback } from '../python/log-error-without-traceback';
import { swallowedCatch } from '../ts/swallowed-catch';

export const errorHandlingRules: RuleGroup = {
  python: [broadExcept, bareExcept, swallowedException, raiseWithoutFrom, logErrorWithoutTraceback],
  script: [swallowedCatch],
  project: [],
};
