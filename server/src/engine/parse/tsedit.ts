// Edits that add to TS/JS code in the file's own layout: a property appended to an object literal, an
// argument appended to a call. Inline lists stay inline; one-per-line lists get a new line (keeping a
// trailing comma, and a comment after the last item on its line).
import ts from 'typescript';
import type { TextEdit } from '../types';
import { lineIndent, offsetRange } from './tsast';

/** Appends `property` (`timeout: 10_000`) to an object literal. */
export function appendPropertyEdits(source: ts.SourceFile, obj: ts.ObjectLiteralExpression, property: string): TextEdit[] {
  const open = obj.getStart(source);
  const close = obj.getEnd() - 1;
  if (obj.properties.length === 0) return [{ range: offsetRange(source, open, close + 1), newText: `{ ${property} }` }];
  return appendToList(source, open, obj.properties, close, property);
}

/** Appends arguments (`{ timeout: 10_000 }`, or `undefined, {…}` to skip a parameter) to a call. */
export function appendArgumentEdits(source: ts.SourceFile, call: ts.CallExpression, argument: string): TextEdit[] {
  const open = call.arguments.pos - 1; // the `(`
  const close = call.getEnd() - 1;
  if (call.arguments.length === 0) return [{ range: offsetRange(source, close, close), newText: argument }];
  return appendToList(source, open, call.arguments, close, argument);
}

function appendToList(source: ts.SourceFile, open: number, items: ts.NodeArray<ts.Node>, close: number, item: string): TextEdit[] {
  const text = source.text;
  const last = items[items.length - 1];
  const lastEnd = last.getEnd();
  const comma = items.hasTrailingComma ? text.indexOf(',', lastEnd) : -1;
  const afterLast = comma >= 0 ? comma + 1 : lastEnd;
  const lineOf = (offset: number) => source.getLineAndCharacterOfPosition(offset).line;
  const onOwnLines = lineOf(last.getStart(source)) > lineOf(open) && lineOf(close) > lineOf(afterLast);
  if (!onOwnLines) return [{ range: offsetRange(source, lastEnd, lastEnd), newText: `, ${item}` }];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = lineIndent(text, last.getStart(source));
  const lineEnd = source.getLineEndOfPosition(afterLast);
  if (comma >= 0) return [{ range: offsetRange(source, lineEnd, lineEnd), newText: `${eol}${indent}${item},` }];
  return [
    { range: offsetRange(source, lastEnd, lastEnd), newText: ',' },
    { range: offsetRange(source, lineEnd, lineEnd), newText: `${eol}${indent}${item}` },
  ];
}
