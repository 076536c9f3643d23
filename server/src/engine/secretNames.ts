// Which setting names hold secrets, and how to show a secret without revealing it.
// Shared by every language's secret rules so they agree.

const SECRET_WORDS = /(secret|passw(or)?d|passwd|pwd|token|api_?key|apikey|private_?key|access_?key|signing_?key|encryption_?key|auth_?key|credential|client_secret|dsn|salt)/i;
/** Names that mention a secret but hold metadata about it (TOKEN_EXPIRE_MINUTES, PASSWORD_MIN_LENGTH). */
const NOT_A_SECRET = /(expir|ttl|timeout|length|_len$|lifetime|minutes|seconds|hours|days|algorithm|header|_name$|_type$|_field$|_path$|_file$|prefix|_url$|_count$|_min|_max|min_|max_|rounds|scheme|_version$|_id$|_enabled$|^use_|_env$)/i;

export function isSecretName(name: string): boolean {
  if (/^database_url$|^db_url$|_dsn$/i.test(name)) return true;
  return SECRET_WORDS.test(name) && !NOT_A_SECRET.test(name);
}

/** A URL default is only a secret when it carries credentials (`postgres://user:pass@host`). */
export function urlHasCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value);
}

/**
 * Masks a secret for messages and reports: at most a short prefix (never more than a quarter of it),
 * then the length. "sk_live_abcdef123456" → "sk_l… (20 chars)".
 */
export function maskSecret(value: string): string {
  const shown = value.length >= 16 ? 4 : value.length >= 8 ? 2 : 0;
  return `${value.slice(0, shown)}… (${value.length} chars)`;
}
