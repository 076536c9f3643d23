// pydantic-legacy-validator: `@validator` / `@root_validator` under Pydantic 2. Fix: `@field_validator` /
// `@model_validator(mode="before")` with `@classmethod`, `pre=True` → `mode="before"`, `values` → `info.data`.
// Post root validators and validators using `always`, `each_item`, `field` or `config` are reported only.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix, RuleMeta, TextEdit } from '../../types';
import { makeFinding, type PythonFile, type PythonRule } from '../context';
import { nodeRange } from '../../parse/pyast';
import { qualify } from '../../parse/pyimports';
import type { ProjectFacts } from '../../workspace/facts';
import { argumentNodes, enclosingClass, importNames, isV1Class, lastUseImportEntry, removeListItems, usesPydantic2 } from '../pydanticFixes';
import { nodeIndex } from '../../parse/nodeIndex';

const meta: RuleMeta = {
  id: 'pydantic-legacy-validator',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['python'],
  summary: '`@validator` and `@root_validator` are Pydantic 1 APIs: Pydantic 2 uses `@field_validator` and `@model_validator`.',
  fixSafety: 'unsafe',
};

const VALIDATOR = /^pydantic(\.class_validators)?\.validator$/;
const ROOT_VALIDATOR = /^pydantic(\.class_validators)?\.root_validator$/;
const VALIDATOR_KEYWORDS = new Set(['pre', 'always', 'each_item', 'check_fields', 'allow_reuse', 'whole']);
const ROOT_KEYWORDS = new Set(['pre', 'allow_reuse', 'skip_on_failure']);

interface Plan { notes: string[]; blockers: string[]; edits: TextEdit[]; classmethod: boolean }

function check(file: PythonFile, facts: ProjectFacts): Finding[] {
  if (!usesPydantic2(facts)) return [];
  const findings: Finding[] = [];
  for (const decorator of file.nodes('decorator')) {
    const expr = decorator?.namedChildren[0];
    if (!decorator || !expr) continue;
    const target = expr.type === 'call' ? expr.childForFieldName('function') : expr;
    const name = qualify(target, file.imports) ?? '';
    const root = ROOT_VALIDATOR.test(name);
    if (!root && !VALIDATOR.test(name)) continue;
    const definition = decorator.parent?.childForFieldName('definition');
    if (definition?.type !== 'function_definition') continue;
    const cls = enclosingClass(decorator.parent!);
    if (isV1Class(cls, file)) continue;
    findings.push(root ? rootValidator(file, target!, expr, definition, cls) : fieldValidator(file, target!, expr, definition, cls));
  }
  return findings;
}

function fieldValidator(file: PythonFile, target: Node, expr: Node, fn: Node, cls: Node | undefined): Finding {
  const plan: Plan = { notes: [], blockers: [], edits: [], classmethod: true };
  const call = expr.type === 'call' ? expr : undefined;
  if (!call) plan.blockers.push('`@validator` needs the field names');
  if (!cls) plan.blockers.push('it is not defined in a class body');
  if (call) planKeywords(call, VALIDATOR_KEYWORDS, plan, 'validator');
  const info = call && cls ? planParameters(file, fn, plan) : undefined;
  planClassmethod(fn, plan, file, expr.parent!);
  const names = ['field_validator', ...(info ? ['ValidationInfo'] : [])];
  let message = `\`@${target.text}\` is deprecated in Pydantic 2: use \`@field_validator\` on a \`@classmethod\``;
  if (plan.notes.length) message += ` (${plan.notes.join('; ')})`;
  message += plan.blockers.length ? `. Not rewritten automatically: ${plan.blockers.join('; ')}.` : '.';
  const fixes: Fix[] = [];
  if (!plan.blockers.length) {
    const reuse = target.type === 'identifier' ? lastUseImportEntry(file, 'pydantic', target.text, 1) : undefined;
    const imports = importNames(file, 'pydantic', names, reuse);
    const edits = [...imports.edits, { range: nodeRange(target), newText: imports.refs.field_validator }, ...plan.edits];
    if (info) edits.push(...info.edits(imports.refs.ValidationInfo));
    fixes.push({ title: 'Rewrite as `@field_validator` with `@classmethod`', safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits }] });
  }
  return makeFinding(meta, file.file, target, message, fixes, { tags: ['deprecated'] });
}

function rootValidator(file: PythonFile, target: Node, expr: Node, fn: Node, cls: Node | undefined): Finding {
  const plan: Plan = { notes: [], blockers: [], edits: [], classmethod: true };
  const call = expr.type === 'call' ? expr : undefined;
  const pre = call ? argumentNodes(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'pre') : undefined;
  const preValue = pre?.childForFieldName('value')?.type;
  if (preValue !== 'true') {
    const skip = call ? argumentNodes(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'skip_on_failure') : undefined;
    const fails = (preValue === undefined || preValue === 'false') && skip?.childForFieldName('value')?.type !== 'true';
    const message = `\`@${target.text}\` is deprecated in Pydantic 2${fails
      ? ', and without `skip_on_failure=True` it fails when the class is created' : ''}: rewrite it as \`@model_validator(mode="after")\`, `
      + 'an instance method that reads the validated fields on `self` and returns `self` (not rewritten automatically: its signature and data change).';
    return makeFinding(meta, file.file, target, message, [], { tags: ['deprecated'] });
  }
  if (!cls) plan.blockers.push('it is not defined in a class body');
  planKeywords(call!, ROOT_KEYWORDS, plan, 'root');
  planClassmethod(fn, plan, file, expr.parent!);
  let message = `\`@${target.text}(pre=True)\` is deprecated in Pydantic 2: use \`@model_validator(mode="before")\` on a \`@classmethod\` (it receives the raw input, which is not always a dict)`;
  message += plan.blockers.length ? `. Not rewritten automatically: ${plan.blockers.join('; ')}.` : '.';
  const fixes: Fix[] = [];
  if (!plan.blockers.length) {
    const reuse = target.type === 'identifier' ? lastUseImportEntry(file, 'pydantic', target.text, 1) : undefined;
    const imports = importNames(file, 'pydantic', ['model_validator'], reuse);
    fixes.push({ title: 'Rewrite as `@model_validator(mode="before")` with `@classmethod`', safety: 'unsafe', preferred: true,
      edits: [{ file: file.file, edits: [...imports.edits, { range: nodeRange(target), newText: imports.refs.model_validator }, ...plan.edits] }] });
  }
  return makeFinding(meta, file.file, target, message, fixes, { tags: ['deprecated'] });
}

/** Keyword arguments: `pre=True` → `mode="before"`, `allow_reuse`/`skip_on_failure` dropped, the rest blocks. */
function planKeywords(call: Node, allowed: Set<string>, plan: Plan, kind: 'validator' | 'root'): void {
  const args = argumentNodes(call);
  const remove: Node[] = [];
  if (call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'comment')) plan.blockers.push('its arguments hold comments');
  for (const arg of args) {
    if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') { plan.blockers.push(`\`${arg.text}\` cannot be translated`); continue; }
    if (arg.type !== 'keyword_argument') continue;
    const name = arg.childForFieldName('name')?.text ?? '';
    const value = arg.childForFieldName('value');
    const literal = value?.type === 'true' ? true : value?.type === 'false' ? false : undefined;
    if (!allowed.has(name)) { plan.blockers.push(`\`${name}=\` is not a Pydantic 1 ${kind === 'root' ? 'root ' : ''}validator argument`); continue; }
    switch (name) {
      case 'pre':
        if (literal === true) {
          plan.edits.push({ range: nodeRange(arg), newText: 'mode="before"' });
          if (kind === 'validator') plan.notes.push('`pre=True` becomes `mode="before"`');
        } else if (literal === false) remove.push(arg);
        else plan.blockers.push('`pre=` is not a literal True/False');
        break;
      case 'always':
        if (literal === false) remove.push(arg);
        else plan.blockers.push('`always=True` has no `field_validator` equivalent: set `validate_default=True` on the field (`Field(validate_default=True)`)');
        break;
      case 'each_item':
        if (literal === false) remove.push(arg);
        else plan.blockers.push('`each_item=True` has no equivalent: validate the items through the item type (`list[Annotated[str, AfterValidator(f)]]`)');
        break;
      case 'whole':
        plan.blockers.push('`whole=` has no equivalent: validate the items through the item type');
        break;
      case 'allow_reuse': case 'skip_on_failure':
        remove.push(arg); // Pydantic 2 needs neither
        break;
      default: break; // check_fields: same meaning in field_validator
    }
  }
  if (!plan.blockers.length && remove.length) {
    if (remove.length === args.length) plan.edits.push({ range: nodeRange(call.childForFieldName('arguments')!), newText: '()' });
    else plan.edits.push(...removeListItems(args, remove));
  }
}

/** Parameters: `(cls, v)` stays; `values` becomes `info: ValidationInfo` read through `info.data`; `field`/`config` block. */
function planParameters(file: PythonFile, fn: Node, plan: Plan): { edits: (ref: string) => TextEdit[] } | undefined {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
  if (params.length < 2) { plan.blockers.push('it does not take `(cls, value)`'); return undefined; }
  let values: Node | undefined;
  for (const p of params.slice(2)) {
    const name = p.type === 'identifier' ? p.text : p.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type === 'identifier')?.text : undefined;
    if (name === 'values' && !values) values = p;
    else if (name === 'field' || name === 'config') plan.blockers.push(`the \`${name}\` parameter is gone in Pydantic 2 (use \`info.${name === 'field' ? 'field_name' : 'config'}\`)`);
    else plan.blockers.push(`the parameter \`${p.text}\` cannot be translated`);
  }
  for (const p of params.slice(0, 2)) {
    if (p.type !== 'identifier' && p.type !== 'typed_parameter') plan.blockers.push(`the parameter \`${p.text}\` cannot be translated`);
  }
  if (!values || plan.blockers.length) return undefined;
  const body = fn.childForFieldName('body');
  const uses: Node[] = [];
  for (const id of (body ? nodeIndex(body).within(body, 'identifier') : [])) {
    if (!id || id.text !== 'values') continue;
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (rebinds(id)) { plan.blockers.push('`values` is rebound in the body'); return undefined; }
    uses.push(id);
  }
  const taken = (body ? nodeIndex(body).within(body, 'identifier') : []).some((id) => id?.text === 'info')
    || params.some((p) => p.text === 'info' || p.text.startsWith('info:'));
  if (taken) { plan.blockers.push('the name `info` is already used in the body'); return undefined; }
  plan.notes.push('`values` becomes `info.data`');
  return {
    edits: (ref) => [
      { range: nodeRange(values!), newText: `info: ${ref}` },
      ...uses.map((id) => ({ range: nodeRange(id), newText: 'info.data' })),
    ],
  };
}

/** Whether an identifier is bound there (assignment target, loop variable, parameter of a nested function…). */
function rebinds(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  const field = (type: string, name: string) => parent.type === type && parent.childForFieldName(name)?.id === id.id;
  return field('assignment', 'left') || field('augmented_assignment', 'left') || field('for_statement', 'left')
    || field('for_in_clause', 'left') || field('named_expression', 'name') || parent.type === 'as_pattern_target'
    || ['parameters', 'lambda_parameters', 'typed_parameter', 'default_parameter', 'typed_default_parameter',
      'pattern_list', 'tuple_pattern', 'list_pattern', 'global_statement', 'nonlocal_statement', 'delete_statement'].includes(parent.type);
}

/** `@classmethod` goes right above the `def` unless it is there; a staticmethod blocks the fix. */
function planClassmethod(fn: Node, plan: Plan, file: PythonFile, validator: Node): void {
  const decorators = (fn.parent?.namedChildren ?? []).filter((d): d is Node => d?.type === 'decorator');
  const names = decorators.map((d) => (d.namedChildren[0]?.text ?? '').split('.').pop());
  if (names.includes('staticmethod')) { plan.blockers.push('it is a staticmethod'); return; }
  const below = decorators.slice(decorators.findIndex((d) => d.id === validator.id) + 1);
  const other = below.find((d) => (d.namedChildren[0]?.text ?? '').split('.').pop() !== 'classmethod');
  if (other) { plan.blockers.push(`\`${other.text}\` sits between the validator and the function`); return; }
  if (names.includes('classmethod')) return;
  const row = fn.startPosition.row;
  const indent = file.lines.lineText(row).slice(0, fn.startPosition.column);
  if (!/^\s*$/.test(indent)) { plan.blockers.push('its definition shares a line'); return; }
  plan.edits.push({ range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: `${indent}@classmethod${file.lines.eol}` });
}

export const pydanticLegacyValidator: PythonRule = { meta, check };
