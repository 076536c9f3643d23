// deprecated-api: every use of a symbol marked `@deprecated` (the project's code, its dependencies'
// typings, the TS lib, @types/node), as the type checker resolves it: the same uses editors strike
// through and `@typescript-eslint/no-deprecated` reports. Mechanical fixes where the replacement is known.
import ts from 'typescript';
import type { Finding, Fix, FixSafety, RuleMeta } from '../../types';
import { makeFinding } from '../context';
import type { TypedScriptFile, TypedScriptRule } from '../typedContext';
import { offsetRange } from '../../parse/tsast';
import { reqParamReplacement } from './expressParam';

const meta: RuleMeta = {
  id: 'deprecated-api',
  family: 'deprecated-api',
  category: 'Deprecations',
  defaultSeverity: 'warning',
  languages: ['typescript', 'javascript'],
  summary: 'A TS/JS use of an API marked `@deprecated` (project code, dependency typings, the TS lib, @types/node), found by the type checker.',
  fixSafety: 'safe',
  foreignCodes: ['@typescript-eslint/no-deprecated', 'deprecation/deprecation', 'import/no-deprecated', 'sonarjs/deprecation'],
};

function check(file: TypedScriptFile): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<number>();
  const report = (start: number, end: number, name: string, reason: string | undefined, fixes: Fix[]) => {
    const message = `\`${name}\` is deprecated${reason ? `: ${reason}` : '.'}`;
    findings.push(makeFinding(meta, file.file, offsetRange(file.source, start, end), message, fixes, { tags: ['deprecated'] }));
  };
  for (const d of file.deprecated()) {
    if (seen.has(d.start)) continue;
    seen.add(d.start);
    const node = identifierAt(file.source, d.start);
    const name = node?.text ?? file.text.slice(d.start, d.start + d.length);
    report(d.start, d.start + d.length, name, node ? deprecationText(file.checker, node) : undefined, node ? fixesFor(file, node) : []);
  }
  for (const use of usesTheCompilerSkips(file)) {
    const start = use.node.getStart(file.source);
    if (seen.has(start)) continue;
    seen.add(start);
    report(start, use.node.getEnd(), use.name, use.reason || undefined, []);
  }
  return findings;
}

/**
 * Uses of deprecated symbols the compiler's suggestions leave out and `@typescript-eslint/no-deprecated`
 * reports: keys of object literals naming a deprecated property of the literal's contextual type (options
 * objects: `cheerio.load(xml, { xmlMode: true })`, `{ useNewUrlParser: true }`), enum members in type
 * positions (`Kind.OLD` in a union type) and exported names that re-export a deprecated symbol.
 */
function usesTheCompilerSkips(file: TypedScriptFile): { node: ts.Node; name: string; reason: string }[] {
  const { checker } = file;
  const uses: { node: ts.Node; name: string; reason: string }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) {
      // `options?: Opts` is `Opts | undefined` under strictNullChecks: the property is looked up on `Opts`
      const type = checker.getContextualType(n);
      const contextual = type && checker.getNonNullableType(type);
      if (contextual) {
        for (const p of n.properties) {
          if (!p.name || ts.isComputedPropertyName(p.name) || ts.isPrivateIdentifier(p.name) || ts.isSpreadAssignment(p)) continue;
          const name = p.name.text;
          const reason = deprecatedTag(checker, contextual.getProperty(name));
          if (reason !== undefined) uses.push({ node: p.name, name, reason });
        }
      }
    } else if (ts.isTypeReferenceNode(n) && ts.isQualifiedName(n.typeName)) {
      const member = checker.getSymbolAtLocation(n.typeName.right);
      const reason = member && member.flags & ts.SymbolFlags.EnumMember ? deprecatedTag(checker, member) : undefined;
      if (reason !== undefined) uses.push({ node: n.typeName.right, name: n.typeName.right.text, reason });
    } else if (ts.isExportSpecifier(n) && ts.isIdentifier(n.name)) {
      const alias = checker.getSymbolAtLocation(n.name);
      // `export { /** @deprecated */ x }` declares a deprecation; it does not use one
      if (alias && alias.flags & ts.SymbolFlags.Alias && deprecatedTag(checker, alias) === undefined) {
        const reason = deprecatedTag(checker, checker.getAliasedSymbol(alias));
        if (reason !== undefined) uses.push({ node: n.name, name: n.name.text, reason });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(file.source);
  return uses;
}

/** The text of a symbol's `@deprecated` tag ('' when it has none), undefined when it is not deprecated. */
function deprecatedTag(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): string | undefined {
  if (!symbol) return undefined;
  let tags: ts.JSDocTagInfo[];
  try {
    tags = symbol.getJsDocTags(checker);
  } catch {
    return undefined; // the services' JSDoc lookup can throw on some synthetic symbols (TypeScript#60024)
  }
  const tag = tags.find((t) => t.name === 'deprecated');
  return tag ? (tag.text ? ts.displayPartsToString(tag.text).replace(/\s+/g, ' ').trim() : '') : undefined;
}

function identifierAt(source: ts.SourceFile, pos: number): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (pos < n.getStart(source) || pos >= n.getEnd()) return;
    if (ts.isIdentifier(n) && n.getStart(source) === pos) { found = n; return; }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

/** The `@deprecated` tag's text: of the overload actually called, else of the symbol. */
function deprecationText(checker: ts.TypeChecker, id: ts.Identifier): string | undefined {
  const call = callOf(id);
  const signature = call ? checker.getResolvedSignature(call) : undefined;
  const tags = [...(signature?.getJsDocTags() ?? []), ...(symbolOf(checker, id)?.getJsDocTags(checker) ?? [])];
  const tag = tags.find((t) => t.name === 'deprecated');
  const text = tag?.text ? ts.displayPartsToString(tag.text).replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

function symbolOf(checker: ts.TypeChecker, id: ts.Identifier): ts.Symbol | undefined {
  // `const { old } = x` / `({ old }: Req) =>`: the name is the new variable's; the deprecated symbol is the property
  const p = id.parent;
  if (ts.isBindingElement(p) && p.name === id && !p.propertyName && ts.isObjectBindingPattern(p.parent)) {
    const property = checker.getTypeAtLocation(p.parent).getProperty(id.text);
    if (property) return property;
  }
  const s = checker.getSymbolAtLocation(id);
  return s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
}

/** The call or `new` whose callee ends in this identifier (`x.substr(…)`, `new Buffer(…)`). */
function callOf(id: ts.Identifier): ts.CallExpression | ts.NewExpression | undefined {
  const callee = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
  const p = callee.parent;
  return p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === callee ? p : undefined;
}

function fixesFor(file: TypedScriptFile, id: ts.Identifier): Fix[] {
  const call = callOf(id);
  if (!call) return [];
  const fix = (title: string, safety: FixSafety, start: number, end: number, newText: string): Fix[] =>
    [{ title, safety, preferred: true, edits: [{ file: file.file, edits: [{ range: offsetRange(file.source, start, end), newText }] }] }];
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const src = (n: ts.Node) => n.getText(file.source);
  const name = id.text;
  const member = ts.isPropertyAccessExpression(id.parent) ? id.parent : undefined;

  if (name === 'substr' && member && ts.isCallExpression(call)) return substrFix(file, call, member, args, fix);

  // Express 4: req.param('id') → req.params.id ?? req.body?.id ?? req.query.id (its own lookup order)
  if (name === 'param' && member && ts.isCallExpression(call)) {
    const r = reqParamReplacement(file.source, file.checker, call, member);
    return r ? fix('Read `req.params`, `req.body` and `req.query` in Express\'s order', r.safety, call.getStart(file.source), call.getEnd(), r.text) : [];
  }

  // new Buffer(n) → Buffer.alloc(n); new Buffer(string | array, …) → Buffer.from(…). Buffer(…) without `new` too.
  if (name === 'Buffer' && !member && args.length >= 1) {
    const type = file.checker.getTypeAtLocation(args[0]);
    const isNumber = !!(type.flags & ts.TypeFlags.NumberLike);
    const isFromable = !!(type.flags & ts.TypeFlags.StringLike) || file.checker.isArrayLikeType(type);
    if (!isNumber && !isFromable) return [];
    const method = isNumber ? 'alloc' : 'from';
    if (isNumber && args.length > 1) return [];
    return fix(`Use \`Buffer.${method}(…)\``, 'safe', call.getStart(file.source), call.getEnd(), `Buffer.${method}(${args.map(src).join(', ')})`);
  }

  // url.parse(s) → new URL(s): relative inputs throw and fields differ (`query` is a string, no `path`).
  if (name === 'parse' && member && /^(url|URL|nodeUrl)$/.test(src(member.expression)) && args.length === 1) {
    return fix('Use `new URL(…)` (WHATWG URL)', 'unsafe', call.getStart(file.source), call.getEnd(), `new URL(${src(args[0])})`);
  }

  // Express: res.send(status, body) → res.status(status).send(body); same for json/jsonp/sendStatus-like pairs.
  if (member && /^(send|json|jsonp)$/.test(name) && args.length === 2 && isNumberLike(file, args[0])) {
    return fix(`Use \`.status(…).${name}(…)\``, 'safe', member.name.getStart(file.source), call.getEnd(),
      `status(${src(args[0])}).${name}(${src(args[1])})`);
  }
  // Express: res.redirect(url, status) → res.redirect(status, url)
  if (member && name === 'redirect' && args.length === 2 && isNumberLike(file, args[1]) && !isNumberLike(file, args[0])) {
    return fix('Pass the status first: `redirect(status, url)`', 'safe', args[0].getStart(file.source), args[1].getEnd(), `${src(args[1])}, ${src(args[0])}`);
  }
  return [];
}

function isNumberLike(file: TypedScriptFile, n: ts.Expression): boolean {
  return !!(file.checker.getTypeAtLocation(n).flags & ts.TypeFlags.NumberLike);
}

/**
 * `s.substr(start, length)` → `s.slice(start, end)`. One argument (or none) keeps its meaning exactly.
 * Two numeric literals are converted exactly (negative starts too); other arguments give
 * `slice(start, start + length)`, which differs when start is negative and start + length is not: unsafe.
 */
function substrFix(file: TypedScriptFile, call: ts.CallExpression, member: ts.PropertyAccessExpression, args: ts.NodeArray<ts.Expression>,
  fix: (title: string, safety: FixSafety, start: number, end: number, newText: string) => Fix[]): Fix[] {
  const src = (n: ts.Node) => n.getText(file.source);
  const from = member.name.getStart(file.source);
  const to = call.getEnd();
  if (args.length <= 1) return fix('Use `slice(…)`', 'safe', from, to, `slice(${args.map(src).join('')})`);
  if (args.length !== 2) return [];
  const a = numericValue(args[0]);
  const b = numericValue(args[1]);
  if (a !== undefined && b !== undefined) {
    if (b <= 0) return fix('Use `slice(…)`', 'safe', from, to, `slice(0, 0)`);
    const end = a + b;
    const text = a < 0 && end >= 0 ? `slice(${a})` : `slice(${a}, ${end})`;
    return fix('Use `slice(…)`', 'safe', from, to, text);
  }
  const simple = (n: ts.Expression) => ts.isIdentifier(n) || ts.isNumericLiteral(n) || ts.isPropertyAccessExpression(n);
  if (!simple(args[0])) return [];
  return fix('Use `slice(start, start + length)`', 'unsafe', from, to, `slice(${src(args[0])}, ${src(args[0])} + ${src(args[1])})`);
}

function numericValue(n: ts.Expression): number | undefined {
  if (ts.isNumericLiteral(n)) return Number(n.text);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(n.operand)) return -Number(n.operand.text);
  return undefined;
}

export const deprecatedApi: TypedScriptRule = { meta, check };
