// Which setting names hold secrets, and how to show a secret without revealing it.
// Shared by every language's secret rules so they agree. The pattern is documented in
// docs/rules/secret-default.md ("Secret-like names"): keep the two in step.

const SECRET_WORDS = /(secret|passw(or)?d|passwd|passphrase|pwd|token|api_?key|apikey|private_?key|access_?key|signing_?key|encryption_?key|auth_?key|(hmac|master|fernet)_?key|credential|client_secret|dsn|salt)/i;
/**
 * Names that mention a secret but hold metadata about it (TOKEN_EXPIRE_MINUTES, PASSWORD_MIN_LENGTH),
 * or something else that happens to contain a secret word (TOKENIZER_NAME, SECRETS_DIR, PWD, PASSWORD_HASH).
 */
const NOT_A_SECRET = new RegExp([
  'expir', '(^|_)ttl(_|$)', 'timeout', 'length', '_len$', 'lifetime', '(minute|second|hour|day)s?(_|$)', '(^|_)per_',
  'algorithm', 'header', '_name$', '_type$', '_field$', '_path$', '_file$', '_dir$', 'prefix', '_ur[li]$', '_count$',
  '(^|_)(min|max)(_|$)', '_limit$', '_size$', 'rounds', 'scheme', '_version$', '_id$', '_enabled$', '^use_', '_env$',
  '_var$', '_backend$', '_provider$', '_region$', '_policy$', '_format$', '_pattern$', '_regex$', '_template$',
  '_endpoint$', 'tokeniz', '^(old)?pwd$', '(^|_)hash(es|ed|ers?)?(_|$)', '(^|_)(allow|enable|disable)_', '_disabled$',
].join('|'), 'i');

/** `apiKeyHeader` → `api_Key_Header`, so camelCase names (TypeScript) follow the same pattern. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/**
 * True for names that hold a secret: they contain a secret word (`secret`, `password`, `token`,
 * `api_key`, …) and no metadata word (`_expire`, `_min_`, `_name`, …); `DATABASE_URL`, `DB_URL` and
 * `*_DSN` always count (their values are secrets when they embed credentials).
 */
export function isSecretName(name: string): boolean {
  const n = snake(name);
  if (/^database_ur[li]$|^db_ur[li]$|_dsn$/i.test(n)) return true;
  return SECRET_WORDS.test(n) && !NOT_A_SECRET.test(n);
}

/**
 * Names of settings that hold a URL or DSN (`REDIS_URL`, `broker_uri`, `sentryDsn`): their values are
 * secrets when they embed credentials (`urlHasCredentials`), whatever the name.
 */
export function isUrlName(name: string): boolean {
  return /(^|_)(url|uri|dsn)$/i.test(snake(name));
}

/** A URL default is only a secret when it carries credentials (`postgres://user:pass@host`). */
export function urlHasCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value);
}

/**
 * Masks a secret for messages and reports: at most a short prefix (never more than a quarter of it),
 * then the length. "sk_live_abcdef123456" → "sk_l… (20 chars)".
 */
export function maskSecret(value: string): string {
  const shown = value.length >= 16 ? 4 : value.length >= 8 ? 2 : 0;
  return `${value.slice(0, shown)}… (${value.length} chars)`;
}
