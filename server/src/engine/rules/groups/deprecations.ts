// Deprecated APIs: fire only where the project's versions have the replacement.
import type { RuleGroup } from './group';
import { datetimeUtcnow } from '../python/datetime-utcnow';
import { deprecatedTypingAlias } from '../python/deprecated-typing-alias';
import { deprecatedTypingUnion } from '../python/deprecated-typing-union';
import { deprecatedTypingImport } from '../python/deprecated-typing-import';
import { fastapiRegexParam } from '../python/fastapi-regex-param';
import { fastapiOnEvent } from '../python/fastapi-on-event';
import { sqlalchemyNotFilter } from '../python/sqlalchemy-not-filter';
import { sqlalchemyNoneComparison } from '../python/sqlalchemy-none-comparison';
import { sqlalchemyDeclarativeImport } from '../python/sqlalchemy-declarative-import';
import { deprecatedStdlib } from '../python/deprecated-stdlib';
import { deprecatedApi } from '../ts/deprecated-api';

export const deprecationRules: RuleGroup = {
  python: [datetimeUtcnow, deprecatedTypingAlias, deprecatedTypingUnion, deprecatedTypingImport, fastapiRegexParam, fastapiOnEvent,
    sqlalchemyNotFilter, sqlalchemyNoneComparison, sqlalchemyDeclarativeImport, deprecatedStdlib],
  typed: [deprecatedApi],
  project: [],
};
