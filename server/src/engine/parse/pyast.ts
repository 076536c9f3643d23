// Small helpers over tree-sitter Python nodes, shared by the Python rules and the project extractor.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../types';
import { nodeIndex } from './nodeIndex';

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Text of a string literal without prefix and quotes, or undefined when it is not a plain literal. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.children.some((c) => c?.type === 'interpolation')) return undefined;
  return node.children.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

/** Dotted text of an identifier/attribute chain (`a.b.c`), undefined for anything else. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return object && attr ? `${object}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The keyword argument `name=` of a call, if present. */
export function keywordArgument(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  for (const arg of args?.namedChildren ?? []) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) {
      return arg.childForFieldName('value') ?? undefined;
    }
  }
  return undefined;
}

export function positionalArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((a): a is Node => !!a && !['keyword_argument', 'comment',
    'list_splat', 'dictionary_splat'].includes(a.type));
}

/** Descendants of the given types that are not inside a nested function, lambda or class. */
export function descendantsInScope(root: Node, types: string[]): Node[] {
  return nodeIndex(root).inScope(root, types);
}

/** The statement-level ancestor of a node (direct child of a block or module). */
export function enclosingStatement(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}
