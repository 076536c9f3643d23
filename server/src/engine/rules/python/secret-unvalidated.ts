// secret-unvalidated: a secret that may be empty or None at start-up and that nothing validates: a
// pydantic-settings field defaulting to "" (or an Optional signing secret defaulting to None) with no
// validator and no constraint, or `os.getenv("SECRET")` assigned to a name that is never checked.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { keywordArgument, nodeRange, positionalArguments, stringValue } from '../../parse/pyast';
import { ensureImport, qualify } from '../../parse/pyimports';
import { isSecretName, isUrlName } from '../../secretNames';
import type { ProjectFacts } from '../../workspace/facts';
import { argumentOf, callsOf, configClasses, inCheckPosition, isSettingsModule, removeArgumentEdit, withoutNone, type ClassField, type ConfigClass } from './configClasses';
import { nodeIndex } from '../../parse/nodeIndex';

const meta: RuleMeta = {
  id: 'secret-unvalidated',
  family: 'secrets',
  category: 'Secrets & configuration',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'A secret that may be empty or None at start-up, with nothing that validates it, fails late or runs insecurely.',
  fixSafety: 'unsafe',
  foreignCodes: [],
};

const GETENV = /^(os\.getenv|os\.environ\.get)$/;
/** Secrets the application itself signs or encrypts with: never optional, even when annotated Optional. */
const OWN_SECRET = /(^|_)(secret|secret_key|signing_key|signing_secret|encryption_key|hmac_key|hmac_secret|fernet_key|master_key|salt|jwt_key|jwt_secret|jwt_secret_key|private_key|session_secret)$/i;
/** Sentry DSNs are public by design and an empty one switches reporting off. */
const OPTIONAL_BY_DESIGN = /sentry/i;
const ENV_FIELD = /^(app_)?(env|environment|stage|environment_name|deployment_environment|runtime_environment)$/i;
const VALIDATOR = /(^|\.)(field_validator|validator|model_validator|root_validator)$/;
const MODEL_HOOKS = new Set(['model_post_init', '__init__', '__post_init__']);
const GENERIC_ACCESS = /model_dump|model_fields|__fields__|__dict__|\.dict\(|getattr\(|\bvars\(|for\s+\w+\s*(,\s*\w+\s*)?in\s+self\b/;

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  return [...settingsFields(file, facts), ...getenvReads(file)];
}

// ── settings fields ────────────────────────────────────────────────────────────────────────────────
interface Weak { field: ClassField; empty: boolean }

function settingsFields(file: PythonFile, facts: ProjectFacts): Finding[] {
  const findings: Finding[] = [];
  const classes = configClasses(file, facts).filter((c) => c.kind === 'settings');
  for (const cls of classes) {
    const weak: Weak[] = [];
    for (const field of cls.fields) {
      const name = field.name.text;
      if (!isSecretName(name) || OPTIONAL_BY_DESIGN.test(name) || !field.defaultNode) continue;
      const d = field.defaultNode;
      const empty = d.type === 'string' && stringValue(d) === '';
      // `str = None` fails validation at start-up (pydantic-settings validates defaults): only Optional counts.
      const optional = d.type === 'none' && withoutNone(field.type, file) !== undefined && OWN_SECRET.test(name);
      if (!empty && !optional) continue;
      if (/min_length/.test(field.type?.text ?? '') || (field.fieldCall && keywordArgument(field.fieldCall, 'min_length'))) continue;
      if (validated(file, classes, cls, name)) continue;
      weak.push({ field, empty });
    }
    const validatorFix = weak.length ? productionValidator(file, cls, weak.map((w) => w.field.name.text)) : undefined;
    for (const { field, empty } of weak) {
      const name = field.name.text;
      const what = empty ? 'defaults to an empty string' : 'is optional (`None` by default)';
      const fixes = [requiredFix(file, field, false), requiredFix(file, field, true), validatorFix]
        .filter((f): f is Fix => !!f);
      const preferred = validatorFix ?? fixes[0];
      for (const f of fixes) f.preferred = f === preferred;
      findings.push(makeFinding(meta, file.file, field.defaultNode!,
        `Secret \`${name}\` ${what} and nothing validates it: when the variable is missing the service still starts, and fails or runs insecurely only when the secret is used. Make it required, or refuse an empty value in production with a validator.`,
        fixes));
    }
  }
  return findings;
}

/** A validator of the class (or of a settings base class in this file) covers the field, or the file checks it. */
function validated(file: PythonFile, classes: ConfigClass[], cls: ConfigClass, name: string): boolean {
  for (let c: ConfigClass | undefined = cls, depth = 0; c && depth < 10; depth++) {
    for (const stmt of c.body.namedChildren) {
      if (!stmt) continue;
      const fn = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (fn?.type !== 'function_definition') continue;
      const decorators = stmt.type === 'decorated_definition' ? stmt.namedChildren.filter((d) => d?.type === 'decorator') : [];
      const validator = decorators.find((d) => {
        const expr = d!.firstNamedChild;
        const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
        return VALIDATOR.test(qualify(target, file.imports) ?? target?.text ?? '');
      });
      const hook = MODEL_HOOKS.has(fn.childForFieldName('name')?.text ?? '');
      if (!validator && !hook) continue;
      const expr = validator?.firstNamedChild;
      const fieldArgs = expr?.type === 'call' && /field_validator|(^|\.)validator$/.test(expr.childForFieldName('function')?.text ?? '')
        ? positionalArguments(expr).map((a) => stringValue(a)) : undefined;
      if (fieldArgs) {
        if (fieldArgs.includes(name) || fieldArgs.includes('*')) return true;
        continue;
      }
      const body = fn.childForFieldName('body')?.text ?? '';
      if (new RegExp(`\\b${name}\\b`).test(body) || GENERIC_ACCESS.test(body)) return true;
    }
    const bases: Node[] = (c.cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b): b is Node => !!b);
    const base = bases.find((b) => b.type === 'identifier' && classes.some((k) => k.name === b.text));
    c = base ? classes.find((k) => k.name === base.text) : undefined;
  }
  // checked elsewhere in this module: `if not settings.api_key: raise …`
  return file.nodes('attribute').some((a) => a?.childForFieldName('attribute')?.text === name && inCheckPosition(a));
}

function requiredFix(file: PythonFile, field: ClassField, secretStr: boolean): Fix | undefined {
  const { name, type, right, fieldCall, defaultNode } = field;
  const inner = withoutNone(type, file) ?? type?.text ?? 'str';
  if (secretStr && /SecretStr/.test(inner)) return undefined;
  const edits: TextEdit[] = [];
  let annotation = inner;
  if (secretStr) {
    const ref = ensureImport(file.imports, file.lines, 'pydantic', 'SecretStr');
    edits.push(...ref.edits);
    annotation = ref.ref;
  }
  if (fieldCall) {
    edits.push(removeArgumentEdit(fieldCall, argumentOf(defaultNode!)));
    if (type) {
      if (annotation !== type.text) edits.push({ range: nodeRange(type), newText: annotation });
    } else edits.push({ range: { start: nodeRange(name).end, end: nodeRange(name).end }, newText: `: ${annotation}` });
  } else {
    edits.push({ range: { start: nodeRange(name).end, end: nodeRange(right!).end }, newText: `: ${annotation}` });
  }
  return {
    title: secretStr ? `Make \`${name.text}\` a required \`SecretStr\` (read it with \`.get_secret_value()\`)`
      : `Make \`${name.text}\` required (start-up fails when it is missing)`,
    safety: 'unsafe', edits: [{ file: file.file, edits }],
  };
}

/**
 * The seed pattern for settings that know their environment: a `@model_validator(mode="after")` that
 * raises when one of the secrets is empty in production. Pydantic 2 only, and only for a class with an
 * environment field (`env`, `environment`, `stage`, …).
 */
function productionValidator(file: PythonFile, cls: ConfigClass, names: string[]): Fix | undefined {
  const envField = cls.fields.find((f) => ENV_FIELD.test(f.name.text));
  if (cls.pydantic !== 2 || !envField) return undefined;
  if (cls.body.namedChildren.some((s) => s?.text.includes('_require_secrets_in_production'))) return undefined;
  const production = (envField.type?.text.match(/["'](prod[a-z]*)["']/i)?.[1]) ?? 'production';
  const first = cls.body.namedChildren.find((n) => n && n.type !== 'comment') ?? cls.body;
  const indent = ' '.repeat(first.startPosition.column);
  const unit = ' '.repeat(Math.max(first.startPosition.column - cls.cls.startPosition.column, 4));
  const eol = file.lines.eol;
  const validator = ensureImport(file.imports, file.lines, 'pydantic', 'model_validator');
  const env = envField.name.text;
  const tuple = `(${names.map((n) => `"${n}"`).join(', ')}${names.length === 1 ? ',' : ''})`;
  const method = [
    `@${validator.ref}(mode="after")`,
    `def _require_secrets_in_production(self) -> "${cls.name}":`,
    `${unit}if self.${env} == "${production}":`,
    `${unit}${unit}for name in ${tuple}:`,
    `${unit}${unit}${unit}if not getattr(self, name):`,
    `${unit}${unit}${unit}${unit}raise ValueError(f"{name} must be set when ${env} is ${production}")`,
    `${unit}return self`,
  ].map((l) => indent + l).join(eol);
  const last = cls.body.namedChildren.filter((n): n is Node => !!n).pop()!;
  const at = nodeRange(last).end;
  return {
    title: `Refuse empty secrets when \`${env}\` is "${production}" (add a model validator)`,
    safety: 'unsafe',
    edits: [{ file: file.file, edits: [...validator.edits, { range: { start: at, end: at }, newText: `${eol}${eol}${method}` }] }],
  };
}

// ── environment reads ──────────────────────────────────────────────────────────────────────────────
function getenvReads(file: PythonFile): Finding[] {
  const findings: Finding[] = [];
  if (!/getenv|environ/.test(file.text)) return findings;
  const djangoSettings = /^(INSTALLED_APPS|ROOT_URLCONF)\s*=/m.test(file.text);
  const settingsModule = isSettingsModule(file.file);
  for (const { call, fn, fnText } of callsOf(file)) {
    if (!/(getenv|\.get)$/.test(fnText) || !GETENV.test(qualify(fn, file.imports) ?? '')) continue;
    const [nameNode, positionalDefault] = positionalArguments(call);
    const name = stringValue(nameNode);
    if (!name || !isSecretName(name) || isUrlName(name) || OPTIONAL_BY_DESIGN.test(name)) continue;
    const d = positionalDefault ?? keywordArgument(call, 'default');
    if (d && d.type !== 'none' && !(d.type === 'string' && stringValue(d) === '')) continue;
    const assign = call.parent;
    if (assign?.type !== 'assignment' || assign.childForFieldName('right')?.id !== call.id) continue;
    const target = assign.childForFieldName('left');
    if (!target || (target.type !== 'identifier' && target.type !== 'attribute')) continue;
    if (djangoSettings && target.text === 'SECRET_KEY') continue; // Django refuses an empty SECRET_KEY itself
    // Settings declared in a settings module or a config class follow the settings-field policy:
    // credentials of other services may be optional integrations, the application's own secrets may not.
    const declaration = settingsModule || assign.parent?.parent?.parent?.type === 'class_definition';
    if (declaration && !OWN_SECRET.test(name) && !OWN_SECRET.test(targetName(target))) continue;
    const scope = checkScope(file, assign, target);
    if (checked(scope, target)) continue;
    const environ = ensureImport(file.imports, file.lines, 'os', 'environ');
    const empty = d?.type === 'string';
    const where = scope.type === 'function_definition' ? 'this function' : 'this module';
    findings.push(makeFinding(meta, file.file, call,
      `Secret \`${target.text}\` is ${empty ? 'empty' : 'None'} when \`${name}\` is missing, and nothing in ${where} checks it: the service starts anyway, and ${empty ? 'an empty string' : '`None`'} reaches the code that uses the secret. Read it with \`${environ.ref}[${nameNode.text}]\`, or check it at start-up.`,
      [{
        title: `Read \`${name}\` with \`${environ.ref}[${nameNode.text}]\` (fails at start-up when missing)`,
        safety: 'unsafe', preferred: true,
        edits: [{ file: file.file, edits: [...environ.edits, { range: nodeRange(call), newText: `${environ.ref}[${nameNode.text}]` }] }],
      }]));
  }
  return findings;
}

function targetName(target: Node): string {
  return target.type === 'attribute' ? target.childForFieldName('attribute')?.text ?? '' : target.text;
}

/** Where the assigned name is visible: its function for a local, the whole module for a global or an attribute. */
function checkScope(file: PythonFile, assign: Node, target: Node): Node {
  if (target.type === 'identifier') {
    for (let n = assign.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  }
  return file.root;
}

/** The assigned name (or `self.attr`) is tested somewhere in its scope. */
function checked(scope: Node, target: Node): boolean {
  return nodeIndex(scope).within(scope, target.type).some((n) => n && n.id !== target.id && n.text === target.text && inCheckPosition(n));
}

export const secretUnvalidated: PythonRule = { meta, check };
