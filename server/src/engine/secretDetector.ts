// Is this string a real secret? Provider token formats, private key blocks, JWTs, credentials in URLs,
// and values assigned to secret-like names, each with an entropy check and a placeholder list so that
// examples and obviously fake values stay quiet. Pure string functions, no parser: shared by the secret
// rules of every language. Documented in docs/rules/hardcoded-secret.md ("Detection"): keep in step.

export interface SecretMatch {
  /** `provider`: a documented token format; `named`: a value assigned to a secret-like name. */
  kind: 'provider' | 'private-key' | 'jwt' | 'credential-url' | 'named';
  /** What it looks like, for messages ("GitHub personal access token"). Never contains the value. */
  label: string;
  /** The secret itself (only for `maskSecret` and for locating it): never put it in a message. */
  value: string;
  /** Offset of `value` in the scanned text. */
  index: number;
  /** `high`: a provider format, or a value that looks machine-generated; `medium`: a human-chosen password. */
  confidence: 'high' | 'medium';
}

export const THRESHOLDS = {
  /** Shannon entropy (bits per character) the random part of a provider token must reach. */
  providerEntropy: 3.0,
  /** Named values: shortest length and lowest entropy reported. */
  namedMinLength: 8,
  namedEntropy: 3.0,
  /** Named values at least this long and this random look generated (confidence `high`). */
  generatedMinLength: 16,
  generatedEntropy: 3.5,
  /** Base64 characters a private key block needs, and their entropy. */
  privateKeyMinBody: 64,
  privateKeyEntropy: 4.5,
  /** A JWT signature's entropy. */
  jwtSignatureEntropy: 3.5,
  /** Runs of this many consecutive characters (`12345`, `abcde`) or one repeated character mark a fake. */
  fakeRun: 5,
} as const;

/** Shannon entropy of a string in bits per character (0 for "aaaa", log2(n) for n distinct characters). */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...s].length;
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

interface ProviderFormat {
  label: string | ((token: string) => string);
  /** Global regex; group 1 is the token. */
  pattern: RegExp;
  /** The random part of the token (entropy and placeholder checks run on it). */
  body: (token: string) => string;
}

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';
const after = (prefix: RegExp) => (t: string) => t.replace(prefix, '');

/** Documented token formats, by provider. Each must appear whole (not inside a longer word). */
export const PROVIDER_FORMATS: readonly ProviderFormat[] = [
  { label: 'AWS access key ID', pattern: new RegExp(`${B}((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})${E}`, 'g'), body: (t) => t.slice(4) },
  {
    label: (t) => ({ ghp: 'GitHub personal access token', gho: 'GitHub OAuth token', ghu: 'GitHub user-to-server token',
      ghs: 'GitHub server-to-server token', ghr: 'GitHub refresh token' } as Record<string, string>)[t.slice(0, 3)],
    pattern: new RegExp(`${B}(gh[pousr]_[A-Za-z0-9]{36,251})${E}`, 'g'), body: (t) => t.slice(4),
  },
  { label: 'GitHub fine-grained token', pattern: new RegExp(`${B}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`, 'g'), body: (t) => t.slice(11) },
  { label: 'GitLab personal access token', pattern: new RegExp(`${B}(glpat-[A-Za-z0-9_-]{20,})${E}`, 'g'), body: (t) => t.slice(6) },
  { label: 'Slack token', pattern: new RegExp(`${B}(xox[abposre]-[A-Za-z0-9-]{10,})${E}`, 'g'), body: (t) => t.slice(5) },
  {
    label: 'Slack webhook URL',
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]{8,}\/B[A-Za-z0-9_]{8,}\/[A-Za-z0-9_]{20,})/g,
    body: (t) => t.slice(t.lastIndexOf('/') + 1),
  },
  {
    label: (t) => `Stripe ${t.includes('_live_') ? 'live' : 'test'} ${t.startsWith('rk') ? 'restricted' : 'secret'} key`,
    pattern: new RegExp(`${B}((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247})${E}`, 'g'), body: after(/^[a-z]+_[a-z]+_/),
  },
  { label: 'Stripe webhook signing secret', pattern: new RegExp(`${B}(whsec_[A-Za-z0-9]{32,})${E}`, 'g'), body: (t) => t.slice(6) },
  { label: 'Google API key', pattern: new RegExp(`${B}(AIza[A-Za-z0-9_-]{35})${E}`, 'g'), body: (t) => t.slice(4) },
  {
    label: 'OpenAI API key',
    pattern: new RegExp(`${B}(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})${E}`, 'g'),
    body: (t) => t.replace('T3BlbkFJ', ''),
  },
  { label: 'Anthropic API key', pattern: new RegExp(`${B}(sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,})${E}`, 'g'), body: (t) => t.slice(14) },
  { label: 'SendGrid API key', pattern: new RegExp(`${B}(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${E}`, 'g'), body: (t) => t.slice(3) },
  { label: 'npm access token', pattern: new RegExp(`${B}(npm_[A-Za-z0-9]{36})${E}`, 'g'), body: (t) => t.slice(4) },
  { label: 'PyPI API token', pattern: new RegExp(`${B}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})${E}`, 'g'), body: (t) => t.slice(21) },
];

const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----([\s\S]*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;
const JWT = new RegExp(`${B}(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,})${E}`, 'g');
// The scheme is bounded: unbounded, `[a-z0-9+.-]*` retried from every word start made `a.a.a…` quadratic.
const CREDENTIAL_URL = /\b([a-z][a-z0-9+.-]{0,31}):\/\/([^/\s:@]*):([^/\s@]+)@([^/\s:?#]+)/gi;
const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/i;

// ── placeholders ───────────────────────────────────────────────────────────────────────────────────
/** Markers of an example or template anywhere in the value. */
const PLACEHOLDER = new RegExp([
  'change[\\s_-]?(me|it|this)', 'replace[\\s_-]?(me|this|with)', '(^|[^a-z])your[\\s_-]', '<[^>]*>', '\\$\\{[^}]*\\}',
  '\\{\\{[^}]*\\}\\}', '\\{[A-Za-z_]*\\}', '%(\\([a-z_]+\\))?[sd]', 'xxx', '\\*\\*\\*', '\\.\\.\\.', '…', 'example', 'sample',
  'dummy', 'fake', 'placeholder', 'redacted', 'todo', 'fixme', 'insert[\\s_-]', 'not[\\s_-]?(a[\\s_-]?)?(real|valid|secret)',
].join('|'), 'i');
/** Words that make a value self-describing ("dev-secret-123", "test_password_1"): a real secret never says what it is. */
const SELF_DESCRIBING = /secret|passw(or)?d|token|api[\s_-]?key|foobar|abc123|123abc|qwerty|asdf|letmein|(^|[^a-z])(test(ing)?|dev|local|demo|mock|stub|default|admin|foo)([^a-z]|$)/i;

/** A run of `n` consecutive characters (`12345`, `abcde`, `edcba`) or one character repeated `n` times. */
export function hasFakeRun(value: string, n: number = THRESHOLDS.fakeRun): boolean {
  const s = value.toLowerCase();
  let up = 1, down = 1, same = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    const alnum = /[a-z0-9]/.test(s[i]) && /[a-z0-9]/.test(s[i - 1]);
    up = d === 1 && alnum ? up + 1 : 1;
    down = d === -1 && alnum ? down + 1 : 1;
    same = d === 0 ? same + 1 : 1;
    if (up >= n || down >= n || same >= n) return true;
  }
  return false;
}

/** Example, template or obviously fake values (`changeme`, `<your-key>`, `${API_KEY}`, `xxxx`, `sk_test_123456…`). */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || hasFakeRun(value);
}

function randomEnough(body: string, threshold: number): boolean {
  return shannonEntropy(body) >= threshold && !isPlaceholder(body);
}

// ── scanning any string ────────────────────────────────────────────────────────────────────────────
/**
 * Secrets recognisable by their format alone, anywhere in a string: provider tokens, private key
 * blocks, signed JWTs and credentials in URLs (not to local hosts). Placeholders and low-entropy
 * bodies are skipped.
 */
export function findFormattedSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const format of PROVIDER_FORMATS) {
    for (const m of text.matchAll(format.pattern)) {
      const token = m[1];
      if (!randomEnough(format.body(token), THRESHOLDS.providerEntropy)) continue;
      const label = typeof format.label === 'string' ? format.label : format.label(token);
      out.push({ kind: 'provider', label, value: token, index: m.index!, confidence: 'high' });
    }
  }
  for (const m of text.matchAll(PRIVATE_KEY)) {
    const base64 = m[2].replace(/(Proc-Type|DEK-Info):[^\n\\]*/g, '').replace(/\\[nr]/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
    if (base64.length < THRESHOLDS.privateKeyMinBody || !randomEnough(base64, THRESHOLDS.privateKeyEntropy)) continue;
    out.push({ kind: 'private-key', label: `${m[1]}private key`, value: m[0], index: m.index!, confidence: 'high' });
  }
  for (const m of text.matchAll(JWT)) {
    const [header, payload, signature] = m[1].split('.');
    const head = decodeJson(header);
    if (!head || typeof head.alg !== 'string') continue;
    if (isExampleJwt(decodeJson(payload)) || !randomEnough(signature, THRESHOLDS.jwtSignatureEntropy)) continue;
    out.push({ kind: 'jwt', label: 'signed JWT', value: m[1], index: m.index!, confidence: 'high' });
  }
  for (const m of text.matchAll(CREDENTIAL_URL)) {
    const [, , user, password, host] = m;
    if (LOCAL_HOSTS.test(host) || !looksLikePassword(password) || isPlaceholder(user)) continue;
    const index = m.index! + m[0].indexOf(`:${password}@`) + 1;
    out.push({ kind: 'credential-url', label: `password in a ${m[1]}:// URL`, value: password, index, confidence: 'high' });
  }
  return dedupe(out);
}

/** Overlapping matches (a JWT inside a URL, a token inside a key block) keep the first, longest one. */
function dedupe(matches: SecretMatch[]): SecretMatch[] {
  const sorted = [...matches].sort((a, b) => a.index - b.index || b.value.length - a.value.length);
  const out: SecretMatch[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m.index < last.index + last.value.length) continue;
    out.push(m);
  }
  return out;
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The jwt.io sample token and its relatives ("John Doe", subject 1234567890). */
function isExampleJwt(payload: Record<string, unknown> | undefined): boolean {
  if (!payload) return true;
  const text = JSON.stringify(payload);
  return /john doe|jane doe|"sub":"1234567890"|example|test(ing)?[-_ ]?user/i.test(text);
}

// ── values assigned to secret-like names ───────────────────────────────────────────────────────────
/** Values that are something else than a secret: words, identifiers, dotted paths, file paths, URLs. */
function notASecretShape(value: string): boolean {
  return /\s/.test(value)                                   // messages, prompts, descriptions
    || /^[A-Za-z]+([_.:\-][A-Za-z]+)*$/.test(value)          // words, identifiers, `settings.SECRET`, kebab-case: no digits
    || /^(~|\.{1,2})?[/\\]/.test(value) || /^[A-Za-z]:\\/.test(value)          // paths
    || /\.(pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|toml|txt|env|ini|cfg)$/i.test(value)
    || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)                // URLs (credentials in them are checked separately)
    || /^[\d\s.,:+-]+$/.test(value);                         // numbers, versions, dates, durations
}

/** A human-chosen or generated password: long enough, mixed, random enough, not a placeholder. */
function looksLikePassword(value: string): boolean {
  return value.length >= THRESHOLDS.namedMinLength && !notASecretShape(value) && /[A-Za-z]/.test(value)
    && shannonEntropy(value) >= THRESHOLDS.namedEntropy && !isPlaceholder(value) && !SELF_DESCRIBING.test(value);
}

/**
 * A string literal assigned to (or compared with, or passed as) a secret-like name. Formatted secrets
 * come first; otherwise the value must look like a password: at least 8 characters with a letter and a
 * digit or symbol, entropy ≥ 3.0 bits per character, and not a placeholder, word, path, URL or number.
 */
export function classifyNamedValue(value: string): SecretMatch | undefined {
  const formatted = findFormattedSecrets(value)[0];
  if (formatted) return formatted;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  if (!looksLikePassword(value)) return undefined;
  const generated = value.length >= THRESHOLDS.generatedMinLength && shannonEntropy(value) >= THRESHOLDS.generatedEntropy
    || /^[0-9a-f]{32,}$/i.test(value); // hex digests and keys: 16 symbols cap their entropy at 4 bits
  return { kind: 'named', label: generated ? 'generated-looking value' : 'password-like value', value, index: 0, confidence: generated ? 'high' : 'medium' };
}

// ── where secrets may be expected ──────────────────────────────────────────────────────────────────
/**
 * Test code: a path segment `tests` or `__tests__`, or a test file name (`test_*.py`, `*_test.py`,
 * `conftest.py`, `*.test.ts`, `*.spec.js`, …). Secrets there are usually fixtures: reported at `info`.
 */
export function isTestFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1];
  return parts.slice(0, -1).some((p) => p === 'tests' || p === '__tests__')
    || /^test_.*\.pyi?$|_test\.pyi?$|^conftest\.py$/.test(base)
    || /\.(test|spec)\.[cm]?[jt]sx?$/.test(base);
}
