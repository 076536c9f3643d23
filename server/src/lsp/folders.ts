// One WorkspaceIndex per workspace folder (multi-root), with the folder's merged settings.
// Files outside every folder get a per-directory index so they are still checked on their own.
import path from 'node:path';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../engine/workspaceIndex';
import { mergeSettings, readProjectConfig, type ConfigProblem, type ReadinessSettings } from '../engine/config';
import type { RuleErrorHandler } from '../engine/analyzeFile';

export interface Folder {
  uri: string;
  name: string;
  index: WorkspaceIndex;
  scanning: boolean;
  configProblems: ConfigProblem[];
  /** Bumped on every rescan so a superseded scan stops. */
  generation: number;
  loose: boolean;
}

export class Folders {
  private readonly folders = new Map<string, Folder>();

  constructor(private readonly onRuleError: RuleErrorHandler) {}

  all(): Folder[] { return [...this.folders.values()]; }
  workspaceFolders(): Folder[] { return this.all().filter((f) => !f.loose); }

  set(uri: string, name: string, editorSettings: Partial<ReadinessSettings>, loose = false): Folder {
    const root = URI.parse(uri).fsPath;
    const config = readProjectConfig(root);
    const settings = mergeSettings(config.settings, editorSettings);
    const previous = this.folders.get(uri);
    const folder: Folder = { uri, name, index: new WorkspaceIndex(root, settings, this.onRuleError), scanning: false,
      configProblems: config.problems, generation: (previous?.generation ?? 0) + 1, loose };
    this.folders.set(uri, folder);
    return folder;
  }

  delete(uri: string): void {
    const f = this.folders.get(uri);
    if (f) f.generation++;
    this.folders.delete(uri);
  }

  /**
   * The folder owning a file: the innermost workspace folder that contains it, else the innermost
   * per-directory one. A file opened before its workspace folder was set up got a per-directory index;
   * once the workspace folder exists, it owns the file (with the project's facts and settings).
   */
  ownerOf(file: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders.values()) {
      const rel = path.relative(f.index.root, file);
      if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || (best.loose && !f.loose) || (best.loose === f.loose && f.index.root.length > best.index.root.length)) best = f;
    }
    return best;
  }

  /** Drops the per-directory indexes inside a workspace folder (it owns their files now); returns them. */
  dropLooseInside(folder: Folder): Folder[] {
    const inside = (root: string) => { const rel = path.relative(folder.index.root, root); return !rel.startsWith('..') && !path.isAbsolute(rel); };
    const dropped = this.all().filter((f) => f.loose && f !== folder && inside(f.index.root));
    for (const f of dropped) this.delete(f.uri);
    return dropped;
  }
}
