// The Readiness Checklist tree: (folder →) category → item → evidence / documentation.
// It only displays what the server sends (readiness/checklist); no analysis happens here.
import * as vscode from 'vscode';
import type { ChecklistEntry, ChecklistResult, ChecklistStatus, FolderChecklist } from '../../../server/src/shared/protocol';

type Node =
  | { kind: 'folder'; folder: FolderChecklist }
  | { kind: 'category'; folder: FolderChecklist; category: string; items: ChecklistEntry[]; all: ChecklistEntry[] }
  | { kind: 'item'; folderUri: string; item: ChecklistEntry }
  | { kind: 'evidence'; uri: string; range: ChecklistEntry['evidence'][number]['range'] }
  | { kind: 'docs'; item: ChecklistEntry };

const ICON: Record<ChecklistStatus, vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  'n/a': new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};
const RANK: Record<ChecklistStatus, number> = { fail: 0, warn: 1, pass: 2, 'n/a': 3 };

export class ChecklistTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: ChecklistResult = { folders: [] };
  /** "Only failing": items that fail or warn, and the categories that have some. */
  private onlyFailing = false;

  setOnlyFailing(on: boolean): void {
    this.onlyFailing = on;
    this.changed.fire();
  }

  /** Shown in place of an empty tree when the filter hides everything. */
  get filterMessage(): string | undefined {
    const hidden = this.onlyFailing && this.result.folders.some((f) => f.items.length > 0)
      && !this.result.folders.some((f) => f.items.some((i) => isFailing(i.status)));
    return hidden ? 'Nothing fails or warns. Show all items with the filter button.' : undefined;
  }

  update(result: ChecklistResult): void {
    this.result = result;
    this.changed.fire();
  }

  get folders(): FolderChecklist[] { return this.result.folders; }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const withItems = this.result.folders.filter((f) => f.items.some((i) => i.status !== 'n/a') || f.scanning);
      if (withItems.length > 1) return withItems.map((folder) => ({ kind: 'folder', folder }));
      return withItems[0] ? this.categories(withItems[0]) : [];
    }
    if (node.kind === 'folder') return this.categories(node.folder);
    if (node.kind === 'category') {
      return [...node.items].sort((a, b) => RANK[a.status] - RANK[b.status]).map((item) => ({ kind: 'item', folderUri: node.folder.folderUri, item }));
    }
    if (node.kind === 'item') {
      return [...node.item.evidence.map((e): Node => ({ kind: 'evidence', uri: e.uri, range: e.range })),
        ...(node.item.docs ? [{ kind: 'docs', item: node.item } as Node] : [])];
    }
    return [];
  }

  private categories(folder: FolderChecklist): Node[] {
    const shown = this.onlyFailing ? folder.items.filter((i) => isFailing(i.status)) : folder.items;
    const names = [...new Set(shown.map((i) => i.category))];
    return names.map((category) => ({ kind: 'category', folder, category, items: shown.filter((i) => i.category === category),
      all: folder.items.filter((i) => i.category === category) }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'folder': {
        const t = new vscode.TreeItem(node.folder.name, C.Expanded);
        t.description = node.folder.score === null ? '' : `${node.folder.score}%`;
        t.iconPath = new vscode.ThemeIcon('root-folder');
        return t;
      }
      case 'category': {
        const worst = node.items.reduce<ChecklistStatus>((w, i) => (RANK[i.status] < RANK[w] ? i.status : w), 'n/a');
        const t = new vscode.TreeItem(node.category, C.Expanded);
        // counted over the whole category, also while the filter hides the passing items
        const passed = node.all.filter((i) => i.status === 'pass').length;
        const applicable = node.all.filter((i) => i.status !== 'n/a').length;
        t.description = applicable ? `${passed}/${applicable}` : 'n/a';
        t.iconPath = ICON[worst];
        t.id = `${node.folder.folderUri}#${node.category}`;
        return t;
      }
      case 'item': {
        const hasChildren = node.item.evidence.length > 0 || !!node.item.docs;
        const t = new vscode.TreeItem(node.item.title, hasChildren ? C.Collapsed : C.None);
        t.description = node.item.reason;
        t.tooltip = new vscode.MarkdownString(`**${node.item.title}**: ${node.item.status}\n\n${node.item.reason}` +
          (node.item.fixes.length ? `\n\nQuick fix available: ${node.item.fixes.map((f) => f.title).join('; ')}` : ''));
        t.iconPath = ICON[node.item.status];
        // stable ids keep expanded items expanded when the checklist refreshes after an edit
        t.id = `${node.folderUri}#${node.item.id}`;
        t.contextValue = `readiness.item.${node.item.status}${node.item.fixes.length && node.item.evidence.length ? '.fixable' : ''}`;
        return t;
      }
      case 'evidence': {
        const uri = vscode.Uri.parse(node.uri);
        const t = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${node.range.start.line + 1}`, C.None);
        t.iconPath = vscode.ThemeIcon.File;
        t.resourceUri = uri;
        const range = new vscode.Range(node.range.start.line, node.range.start.character, node.range.end.line, node.range.end.character);
        t.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: range } satisfies vscode.TextDocumentShowOptions] };
        return t;
      }
      case 'docs': {
        const t = new vscode.TreeItem('Open documentation', C.None);
        t.iconPath = new vscode.ThemeIcon('book');
        const rule = node.item.docs.split('/').pop()?.replace(/\.md$/, '');
        t.command = { command: 'readiness.openRuleDocumentation', title: 'Open documentation', arguments: [rule] };
        return t;
      }
    }
  }
}

function isFailing(status: ChecklistStatus): boolean {
  return status === 'fail' || status === 'warn';
}

/** The score shown in the view description and the status bar (the first folder with a score). */
export function headlineScore(folders: FolderChecklist[]): number | null {
  return folders.find((f) => f.score !== null)?.score ?? null;
}
