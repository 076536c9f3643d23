// secret-default: a secret-like setting with a literal default, in a pydantic-settings `BaseSettings`
// class, a dataclass, or an environment read (`os.getenv`, `os.environ.get`, `os.getenv(…) or "…"`,
// django-environ, python-decouple). A missing variable then silently uses a known value.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange, positionalArguments, stringValue } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { isSecretName, isUrlName, maskSecret, urlHasCredentials } from '../../secretNames';
import { classifyNamedValue } from '../../secretDetector';
import { atLeast, type ProjectFacts } from '../../workspace/facts';
import { argumentOf, callsOf, configClasses, removeArgumentEdit, type ClassField, type ConfigClass } from './configClasses';

const meta: RuleMeta = {
  id: 'secret-default',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'error',
  languages: ['python'],
  summary: 'A secret setting with a literal default lets the service start with a known secret when the variable is missing.',
  fixSafety: 'unsafe',
  foreignCodes: ['S105', 'S106', 'S107', 'B105', 'B106', 'B107'],
};

const GETENV = /^(os\.getenv|os\.environ\.get)$/;
/** django-environ `Env` methods that return strings (their default is the literal that would be used). */
const ENVIRON_METHODS = /^(str|url|db_url|db|cache_url|cache|email_url|email|search_url)$/;

interface Reported { finding: Finding; literal: Node }
const cache = new WeakMap<PythonFile, Reported[]>();

function analyse(file: PythonFile, facts: ProjectFacts): Reported[] {
  let out = cache.get(file);
  if (!out) {
    out = [...classFields(file, facts), ...environmentReads(file)];
    cache.set(file, out);
  }
  return out;
}

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  return analyse(file, facts).map((r) => r.finding);
}

/** Start offsets of the literals this rule reports, so `hardcoded-secret` does not report them again. */
export function secretDefaultLiterals(file: PythonFile, facts: ProjectFacts): Set<number> {
  return new Set(analyse(file, facts).map((r) => r.literal.startIndex));
}

/** A name whose default is reported: secret-like names, and URL/DSN names whose value embeds credentials. */
function candidateName(name: string): boolean {
  return isSecretName(name) || isUrlName(name);
}

/** A literal that would be used as the secret: non-empty string (URLs only with credentials). */
function literalSecret(node: Node | null | undefined, name: string): string | undefined {
  const value = stringValue(node);
  if (!value || !value.trim()) return undefined;
  // flags and numbers (`ALLOW_CREDENTIALS="false"`, `TOKEN_LIMIT="30"`) are not secrets
  if (/^\s*(true|false|yes|no|on|off|none|null|[\d.]+)\s*$/i.test(value)) return undefined;
  if (isUrlName(name) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return urlHasCredentials(value) ? value : undefined;
  return isSecretName(name) ? value : undefined;
}

function message(name: string, value: string, where: string): string {
  const real = classifyNamedValue(value);
  const looks = real && real.kind !== 'named' ? ` It looks like a real ${real.label}: rotate it.` : '';
  return `Secret \`${name}\` has a literal default (${maskSecret(value)}): if the variable is missing the service runs with a known secret. ${where}${looks}`;
}

// ── settings classes and dataclasses ───────────────────────────────────────────────────────────────
function classFields(file: PythonFile, facts: ProjectFacts): Reported[] {
  const out: Reported[] = [];
  for (const cls of configClasses(file, facts)) {
    cls.fields.forEach((field, i) => {
      if (!field.defaultNode || !candidateName(field.name.text)) return;
      const value = literalSecret(field.defaultNode, field.name.text);
      if (!value) return;
      const fixes = cls.kind === 'settings' ? settingsFix(file, field) : dataclassFix(file, facts, cls, field, i);
      const where = cls.kind === 'settings' ? 'Make it required so start-up fails instead.'
        : 'Make it required and pass the value from the environment.';
      out.push({ literal: field.defaultNode, finding: makeFinding(meta, file.file, field.defaultNode, message(field.name.text, value, where), fixes) });
    });
  }
  return out;
}

function requiredTitle(field: ClassField): string {
  return `Make \`${field.name.text}\` required (remove the default)`;
}

function settingsFix(file: PythonFile, field: ClassField): Fix[] {
  const { name, type, right, fieldCall, defaultNode } = field;
  const edits: TextEdit[] = [];
  if (fieldCall) {
    // Field("x", description=…) → Field(description=…)
    edits.push(removeArgumentEdit(fieldCall, argumentOf(defaultNode!)));
    if (!type) edits.push({ range: { start: nodeRange(name).end, end: nodeRange(name).end }, newText: ': str' });
  } else {
    // `secret_key: str = "x"` → `secret_key: str`; `secret_key = "x"` → `secret_key: str`
    const start = type ? nodeRange(type).end : nodeRange(name).end;
    edits.push({ range: { start, end: nodeRange(right!).end }, newText: type ? '' : ': str' });
  }
  return [{ title: requiredTitle(field), safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }] }];
}

/**
 * A dataclass field without a default may not follow one with a default (TypeError at import): remove
 * the default when that is allowed (`kw_only=True`, or no earlier field has one and there are no bases),
 * otherwise make it a keyword-only field (`field(kw_only=True)`, Python 3.10+), otherwise no fix.
 */
function dataclassFix(file: PythonFile, facts: ProjectFacts, cls: ConfigClass, field: ClassField, index: number): Fix[] {
  const earlierDefault = cls.fields.slice(0, index).some((f) => f.defaultNode || f.fieldCall);
  const canDrop = cls.kwOnly || (!earlierDefault && !cls.hasBases);
  const { type, right, fieldCall, defaultNode } = field;
  const edits: TextEdit[] = [];
  if (fieldCall) {
    const argList = fieldCall.childForFieldName('arguments')!;
    const remaining = argList.namedChildren.filter((n) => n && n.type !== 'comment' && n.id !== argumentOf(defaultNode!).id);
    const hasKwOnly = keywordArgument(fieldCall, 'kw_only') !== undefined;
    if (canDrop || hasKwOnly) {
      // field(default="x") alone → no default at all; field(default="x", repr=False) → field(repr=False)
      if (remaining.length === 0) edits.push({ range: { start: nodeRange(type!).end, end: nodeRange(right!).end }, newText: '' });
      else edits.push(removeArgumentEdit(fieldCall, argumentOf(defaultNode!)));
    } else if (atLeast(facts.pythonTarget, 3, 10)) {
      edits.push({ range: nodeRange(argumentOf(defaultNode!)), newText: 'kw_only=True' });
    } else return [];
  } else if (canDrop) {
    edits.push({ range: { start: nodeRange(type!).end, end: nodeRange(right!).end }, newText: '' });
  } else if (atLeast(facts.pythonTarget, 3, 10)) {
    const fieldRef = ensureImport(file.imports, file.lines, 'dataclasses', 'field');
    edits.push(...fieldRef.edits, { range: nodeRange(right!), newText: `${fieldRef.ref}(kw_only=True)` });
  } else return [];
  const title = canDrop ? requiredTitle(field) : `Make \`${field.name.text}\` a required keyword-only field (remove the default)`;
  return [{ title, safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits }] }];
}

// ── environment reads ──────────────────────────────────────────────────────────────────────────────
function environmentReads(file: PythonFile): Reported[] {
  const out: Reported[] = [];
  if (!/getenv|environ|decouple/.test(file.text)) return out;
  const environEnvs = djangoEnvironInstances(file);
  for (const { call, fn, fnText } of callsOf(file)) {
    const environCall = environEnvs.has(fnText.split('.')[0]);
    if (!environCall && !/(getenv|\.get|config)$/.test(fnText)) continue;
    const q = qualify(fn, file.imports) ?? '';
    if (GETENV.test(q)) {
      out.push(...getenv(file, call));
    } else if (q === 'decouple.config') {
      out.push(...defaultArgument(file, call, 1, 'python-decouple raises `UndefinedValueError`'));
    } else if (environCall && fn.type === 'identifier') {
      out.push(...defaultArgument(file, call, 2, 'django-environ raises `ImproperlyConfigured`'));
    } else if (environCall && fn.type === 'attribute' && environEnvs.has(fn.childForFieldName('object')?.text ?? '')
      && ENVIRON_METHODS.test(fn.childForFieldName('attribute')?.text ?? '')) {
      out.push(...defaultArgument(file, call, 1, 'django-environ raises `ImproperlyConfigured`'));
    }
  }
  return out;
}

function getenv(file: PythonFile, call: Node): Reported[] {
  const [nameNode, defaultArg] = positionalArguments(call);
  const name = stringValue(nameNode);
  if (!name || !candidateName(name)) return [];
  let defaultNode: Node | undefined = defaultArg ?? keywordArgument(call, 'default');
  let replaced: Node = call;
  // `os.getenv("SECRET") or "dev-secret"`: the literal after `or` is the default.
  const parent = call.parent;
  if (!defaultNode && parent?.type === 'boolean_operator' && parent.childForFieldName('left')?.id === call.id
    && parent.childForFieldName('operator')?.text === 'or') {
    defaultNode = parent.childForFieldName('right') ?? undefined;
    replaced = parent;
  }
  const value = literalSecret(defaultNode, name);
  if (!value) return [];
  const environ = ensureImport(file.imports, file.lines, 'os', 'environ');
  const fix: Fix = {
    title: `Read \`${name}\` with \`${environ.ref}[${nameNode.text}]\` (fails at start-up when missing)`,
    safety: 'unsafe', preferred: true,
    edits: [{ file: file.file, edits: [...environ.edits, { range: nodeRange(replaced), newText: `${environ.ref}[${nameNode.text}]` }] }],
  };
  return [{ literal: defaultNode!, finding: makeFinding(meta, file.file, defaultNode!, message(name, value, 'Read it without a default so start-up fails instead.'), [fix]) }];
}

/** `config("SECRET", default="…")` (decouple), `env("SECRET", default="…")` / `env.str(…)` (django-environ). */
function defaultArgument(file: PythonFile, call: Node, position: number, raises: string): Reported[] {
  const positional = positionalArguments(call);
  const name = stringValue(positional[0]);
  if (!name || !candidateName(name)) return [];
  const keyword = keywordArgument(call, 'default');
  const defaultNode = keyword ?? positional[position];
  const value = literalSecret(defaultNode, name);
  if (!value) return [];
  const arg = argumentOf(defaultNode!);
  const last = positional[positional.length - 1];
  const removable = !!keyword || (!!last && last.id === defaultNode!.id);
  const fixes: Fix[] = removable ? [{
    title: `Remove the default of \`${name}\` (${raises.split(' raises')[0]} then fails at start-up when it is missing)`,
    safety: 'unsafe', preferred: true, edits: [{ file: file.file, edits: [removeArgumentEdit(call, arg)] }],
  }] : [];
  return [{ literal: defaultNode!, finding: makeFinding(meta, file.file, defaultNode!, message(name, value, `Remove the default: ${raises} when the variable is missing.`), fixes) }];
}

/** Names bound to `environ.Env(...)` (django-environ) anywhere in the module. */
function djangoEnvironInstances(file: PythonFile): Set<string> {
  const names = new Set<string>();
  if (!/\bEnv\(/.test(file.text)) return names;
  for (const assign of file.nodes('assignment')) {
    const left = assign?.childForFieldName('left');
    const right = assign?.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'call' && qualify(right.childForFieldName('function'), file.imports) === 'environ.Env') {
      names.add(left.text);
    }
  }
  return names;
}

export const secretDefault: PythonRule = { meta, check };
