import path from 'node:path';

/** `/`-separated path relative to the root, the form every report uses. */
export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
