// pydantic-legacy-field: Pydantic 1 keyword arguments of `Field()`, `constr()` and `conlist()`/`conset()` under
// Pydantic 2: `regex` (fails), `min_items`/`max_items`, `allow_mutation`, `example`, `env` (ignored),
// `const`/`unique_items` (fail). One finding per argument; fixes rename or rewrite the argument.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import type { ProjectFacts } from '../../workspace/facts';
import { argumentNodes, enclosingClass, importNames, isV1Class, usesPydantic2 } from '../pydanticFixes';

const meta: RuleMeta = {
  id: 'pydantic-legacy-field',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: 'Pydantic 1 arguments of `Field()`, `constr()` and `conlist()` (`regex`, `min_items`, `allow_mutation`, `example`, `env`…) fail or are ignored under Pydantic 2.',
  fixSafety: 'unsafe',
};

type Callee = 'Field' | 'constr' | 'conlist' | 'conset';
const CALLEES: [RegExp, Callee][] = [
  [/^pydantic(\.fields)?\.Field$/, 'Field'],
  [/^pydantic(\.types)?\.constr$/, 'constr'],
  [/^pydantic(\.types)?\.conlist$/, 'conlist'],
  [/^pydantic(\.types)?\.con(set|frozenset)$/, 'conset'],
];
const HANDLED: Record<Callee, string[]> = {
  Field: ['regex', 'min_items', 'max_items', 'allow_mutation', 'example', 'env', 'const', 'unique_items'],
  constr: ['regex'],
  conlist: ['min_items', 'max_items', 'unique_items'],
  conset: ['min_items', 'max_items'],
};
/** Pydantic 2 `Field()` parameters, and the Pydantic 1 ones it still pops itself: anything else lands in json_schema_extra. */
const FIELD_PARAMETERS = new Set(['default', 'default_factory', 'alias', 'alias_priority', 'validation_alias', 'serialization_alias',
  'title', 'field_title_generator', 'description', 'examples', 'exclude', 'exclude_if', 'discriminator', 'deprecated', 'json_schema_extra',
  'frozen', 'validate_default', 'repr', 'init', 'init_var', 'kw_only', 'pattern', 'strict', 'coerce_numbers_to_str', 'gt', 'ge', 'lt',
  'le', 'multiple_of', 'allow_inf_nan', 'max_digits', 'decimal_places', 'min_length', 'max_length', 'union_mode', 'fail_fast',
  'const', 'min_items', 'max_items', 'unique_items', 'allow_mutation', 'regex', 'include']);

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  if (!usesPydantic2(facts)) return [];
  const findings: Finding[] = [];
  for (const call of file.nodes('call')) {
    if (!call) continue;
    const name = qualify(call.childForFieldName('function'), file.imports);
    const callee = name ? CALLEES.find(([re]) => re.test(name))?.[1] : undefined;
    if (!callee) continue;
    const args = argumentNodes(call);
    const keywords = new Map(args.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')?.text ?? '', a]));
    if (!HANDLED[callee].some((k) => keywords.has(k))) continue;
    if (isV1Class(enclosingClass(call), file)) continue;
    for (const key of HANDLED[callee]) {
      const arg = keywords.get(key);
      if (arg) findings.push(finding(file, call, callee, key, arg, keywords));
    }
  }
  return findings;
}

function finding(file: PythonFile, call: Node, callee: Callee, key: string, arg: Node, keywords: Map<string, Node>): Finding {
  const nameNode = arg.childForFieldName('name')!;
  const value = arg.childForFieldName('value')!;
  const fn = `${callee === 'conset' ? call.childForFieldName('function')?.text ?? callee : callee}()`;
  const rename = (to: string): TextEdit => ({ range: nodeRange(nameNode), newText: to });
  const has = (k: string) => keywords.has(k);
  let message: string;
  const fixes: Fix[] = [];
  const fix = (title: string, safety: 'safe' | 'unsafe', edits: TextEdit[], preferred = true) =>
    fixes.push({ title, safety, preferred, edits: [{ file: file.file, edits }] });
  switch (key) {
    case 'regex': {
      message = `\`${fn}\`'s \`regex=\` was removed in Pydantic 2 (building the model fails): use \`pattern=\``;
      if (has('pattern')) { message += ' (this call already passes `pattern=`: remove one)'; break; }
      const anchor = anchorEdits(value);
      if (typeof anchor === 'string') { message += `. Not rewritten automatically: ${anchor}.`; break; }
      message += `. \`regex\` matched from the start of the string and \`pattern\` searches anywhere${anchor.length ? ': the fix anchors it with `^`' : ''}.`;
      fix(`Rename \`regex=\` to \`pattern=\`${anchor.length ? ' (anchored with `^`)' : ''}`, 'unsafe', [rename('pattern'), ...anchor]);
      break;
    }
    case 'min_items': case 'max_items': {
      const to = key === 'min_items' ? 'min_length' : 'max_length';
      message = callee === 'Field'
        ? `\`${key}=\` is deprecated in Pydantic 2: use \`${to}=\` (same meaning).`
        : `\`${fn}\` takes \`${to}=\` in Pydantic 2: \`${key}=\` fails with a TypeError.`;
      if (has(to)) message += ` This call already passes \`${to}=\`: remove \`${key}=\`.`;
      else fix(`Rename \`${key}=\` to \`${to}=\``, 'safe', [rename(to)]);
      break;
    }
    case 'allow_mutation': {
      message = '`allow_mutation=` is deprecated in Pydantic 2: use `frozen=` (its opposite).';
      const literal = value.type === 'true' ? true : value.type === 'false' ? false : undefined;
      if (has('frozen')) message += ' This call already passes `frozen=`: remove `allow_mutation=`.';
      else if (literal === undefined) message += ' Not rewritten automatically: the value is not a literal True/False.';
      else fix(`Replace with \`frozen=${literal ? 'False' : 'True'}\``, 'safe', [{ range: nodeRange(arg), newText: `frozen=${literal ? 'False' : 'True'}` }]);
      break;
    }
    case 'example': {
      message = '`example=` is an unknown `Field()` argument in Pydantic 2 (deprecated, only copied into the JSON schema): use `examples=[…]`.';
      if (has('examples')) { message += ' This call already passes `examples=`: merge them.'; break; }
      fix('Replace with `examples=[…]` (the JSON schema shows `examples` instead of `example`)', 'unsafe',
        [{ range: nodeRange(arg), newText: `examples=[${value.text}]` }]);
      const extras = [...keywords.keys()].filter((k) => !FIELD_PARAMETERS.has(k));
      if (!has('json_schema_extra') && extras.length === 1) {
        fix('Move into `json_schema_extra={"example": …}` (same JSON schema)', 'safe',
          [{ range: nodeRange(arg), newText: `json_schema_extra={"example": ${value.text}}` }], false);
      }
      break;
    }
    case 'env': {
      message = '`env=` is ignored by Pydantic 2 and pydantic-settings 2: the environment variable it names is no longer read. Use `validation_alias=`.';
      if (has('alias') || has('validation_alias')) { message += ' Not rewritten automatically: this field also has an alias.'; break; }
      const names = envNames(value);
      if (!names) { message += ' Not rewritten automatically: the value is not a string or a list of strings.'; break; }
      if (!isSettingsClass(enclosingClass(call), file)) { message += ' Not rewritten automatically: the class is not a `BaseSettings` of this file.'; break; }
      const title = 'Replace with `validation_alias=` (the field can then be set by that name only, unless `populate_by_name` is on)';
      if (names.length === 1 && value.type === 'string') fix(title, 'unsafe', [{ range: nodeRange(arg), newText: `validation_alias=${value.text}` }]);
      else {
        const imports = importNames(file, 'pydantic', ['AliasChoices']);
        fix(title, 'unsafe', [...imports.edits, { range: nodeRange(arg), newText: `validation_alias=${imports.refs.AliasChoices}(${names.join(', ')})` }]);
      }
      break;
    }
    case 'const':
      message = '`const=` was removed in Pydantic 2 (building the model fails): annotate the field with `Literal[…]` instead.';
      break;
    default: // unique_items
      message = '`unique_items=` was removed in Pydantic 2 (building the model fails): use a `set` type instead.';
  }
  return makeFinding(meta, file.file, nameNode, message, fixes, { tags: ['deprecated'] });
}

/** Edits anchoring a regex literal at the start (Pydantic 1 used `re.match`), or why not. */
function anchorEdits(value: Node): TextEdit[] | string {
  if (value.type !== 'string') return 'the pattern is not a single string literal (anchor it with `^` if it relied on matching from the start)';
  const start = value.children.find((c) => c?.type === 'string_start');
  const end = value.children.find((c) => c?.type === 'string_end');
  if (!start || !end || /[bf]/i.test(start.text) || value.children.some((c) => c?.type === 'interpolation')) {
    return 'the pattern is not a plain string literal';
  }
  const inner = value.text.slice(start.text.length, value.text.length - end.text.length);
  if (/\(\?<?[=!]|\(\?P=|\\[1-9]/.test(inner)) {
    return 'the pattern uses lookarounds or backreferences, which the default Rust regex engine of Pydantic 2 rejects (set `regex_engine="python-re"` in the model config)';
  }
  if (inner.startsWith('^') || inner.startsWith('\\A')) return [];
  const at = nodeRange(start).end;
  const close = nodeRange(end).start;
  if (inner.includes('|')) {
    return [{ range: { start: at, end: at }, newText: '^(?:' }, { range: { start: close, end: close }, newText: ')' }];
  }
  return [{ range: { start: at, end: at }, newText: '^' }];
}

/** A `BaseSettings` subclass, directly or through classes of the same file. */
function isSettingsClass(cls: Node | undefined, file: PythonFile, depth = 0): boolean {
  if (!cls || depth > 10) return false;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'keyword_argument') continue;
    if (/^pydantic(_settings)?(\.main|\.env_settings)?\.BaseSettings$/.test(qualify(base, file.imports) ?? '')) return true;
    if (base.type !== 'identifier') continue;
    const local = file.root.namedChildren.find((s) => s?.type === 'class_definition' && s.childForFieldName('name')?.text === base.text);
    if (local && isSettingsClass(local, file, depth + 1)) return true;
  }
  return false;
}

/** `"DB_URL"` → ['"DB_URL"']; `["A", "B"]` → ['"A"', '"B"']; anything else → undefined. */
function envNames(value: Node): string[] | undefined {
  if (value.type === 'string') return value.children.some((c) => c?.type === 'interpolation') ? undefined : [value.text];
  if (!['list', 'tuple', 'set'].includes(value.type)) return undefined;
  const items = value.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (!items.length || items.some((i) => i.type !== 'string' || i.children.some((c) => c?.type === 'interpolation'))) return undefined;
  return items.map((i) => i.text);
}

export const pydanticLegacyField: PythonRule = { meta, check };
