// The logger a fix should call, detected from the file (never by running anything): a `logger`/`log`
// field of the enclosing class (`this.logger`, e.g. a Nest `Logger`), a module-level `logger`/`log`
// binding (pino, winston, bunyan or the project's own), else `console`.
import ts from 'typescript';
import type { ScriptFile } from '../scriptContext';
import type { ScriptFacts } from '../../workspace/npmFacts';
import { quoted } from './handlers';

const LOGGER_NAMES = ['logger', 'log', 'LOGGER'];

export interface DetectedLogger {
  /** `this.logger`, `logger`, `console`. */
  receiver: string;
  /** pino/bunyan take the error object first: `logger.error({ err }, msg)`. */
  errorFirst: boolean;
}

export function detectLogger(file: ScriptFile, at: ts.Node, facts: ScriptFacts): DetectedLogger {
  const cls = enclosingClass(at);
  if (cls) {
    for (const m of cls.members) {
      const name = m.name && ts.isIdentifier(m.name) ? m.name.text : undefined;
      if (name && LOGGER_NAMES.includes(name) && (ts.isPropertyDeclaration(m) || ts.isGetAccessor(m))) {
        return { receiver: `this.${name}`, errorFirst: isPinoLike(m, facts) };
      }
      // constructor(private readonly logger: Logger)
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && LOGGER_NAMES.includes(p.name.text) && p.modifiers?.some((mod) => mod.kind !== ts.SyntaxKind.Decorator)) {
            return { receiver: `this.${p.name.text}`, errorFirst: isPinoLike(p, facts) };
          }
        }
      }
    }
  }
  return moduleLogger(file.source, facts);
}

const moduleLoggers = new WeakMap<ts.SourceFile, { facts: ScriptFacts; logger: DetectedLogger }>();

/** The module-level logger (the same for every catch of the file and facts: computed once). */
function moduleLogger(source: ts.SourceFile, facts: ScriptFacts): DetectedLogger {
  const cached = moduleLoggers.get(source);
  if (cached?.facts === facts) return cached.logger;
  let logger: DetectedLogger = { receiver: 'console', errorFirst: false };
  for (const name of LOGGER_NAMES) {
    const binding = moduleBinding(source, name);
    if (binding) { logger = { receiver: name, errorFirst: isPinoLike(binding, facts) }; break; }
  }
  moduleLoggers.set(source, { facts, logger });
  return logger;
}

/** `receiver.error(...)` logging `errorName` with a message, in the logger's argument order. */
export function logCall(source: ts.SourceFile, logger: DetectedLogger, message: string, errorName: string): string {
  const msg = quoted(source, message);
  return logger.errorFirst ? `${logger.receiver}.error({ ${errorName === 'err' ? 'err' : `err: ${errorName}`} }, ${msg})` : `${logger.receiver}.error(${msg}, ${errorName})`;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return n;
  }
  return undefined;
}

/** A top-level `const logger = …`, `import logger from …`, `import { logger } from …` or `function logger`. */
function moduleBinding(source: ts.SourceFile, name: string): ts.Node | undefined {
  for (const stmt of source.statements) {
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    } else if (ts.isImportDeclaration(stmt) && stmt.importClause && !stmt.importClause.isTypeOnly) {
      const clause = stmt.importClause;
      if (clause.name?.text === name) return stmt;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name && !e.isTypeOnly)) return stmt;
    } else if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === name) return stmt;
  }
  return undefined;
}

/** pino and bunyan put the error object first; decided from the binding's initialiser, import or the dependencies. */
function isPinoLike(binding: ts.Node, facts: ScriptFacts): boolean {
  const text = binding.getText();
  if (/\b(pino|bunyan)\b/.test(text)) return true;
  if (/\b(winston|Logger|console)\b/.test(text)) return false;
  const pino = facts.packages.has('pino') || facts.packages.has('bunyan') || facts.packages.has('nestjs-pino');
  return pino && !facts.packages.has('winston');
}
