// Secrets and the hardening items next to them (CORS, debug, timeouts, stale pooled connections).
import type { RuleGroup } from './group';
import { secretDefault } from '../python/secret-default';
import { secretUnvalidated } from '../python/secret-unvalidated';
import { hardcodedSecret } from '../python/hardcoded-secret';
import { corsWildcard } from '../python/cors-wildcard';
import { debugEnabled } from '../python/debug-enabled';
import { requestWithoutTimeout } from '../python/request-without-timeout';
import { sqlalchemyPoolPrePing } from '../python/sqlalchemy-pool-pre-ping';
import { envSecretDefault } from '../ts/env-secret-default';
import { envSecretUnvalidated } from '../ts/env-secret-unvalidated';
import { hardcodedSecretScript } from '../ts/hardcoded-secret';
import { corsWildcardScript } from '../ts/cors-wildcard';
import { requestWithoutTimeoutScript } from '../ts/request-without-timeout';

export const secretRules: RuleGroup = {
  python: [secretDefault, secretUnvalidated, hardcodedSecret, corsWildcard, debugEnabled, requestWithoutTimeout, sqlalchemyPoolPrePing],
  script: [envSecretDefault, envSecretUnvalidated, hardcodedSecretScript, corsWildcardScript, requestWithoutTimeoutScript],
  project: [],
};
