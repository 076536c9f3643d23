// Commands: rescan, export report, open rule documentation, show output, apply an item's fix.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_DOCS_COMMAND, RESCAN_REQUEST, type ChecklistEntry } from '../../server/src/shared/protocol';
import { exportReport } from './report';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('readiness.rescan', () => vscode.window.withProgress(
      { location: { viewId: 'readiness.checklist' } }, () => client.sendRequest(RESCAN_REQUEST))),
    vscode.commands.registerCommand('readiness.exportReport', (target?: vscode.Uri) => exportReport(client, target)),
    vscode.commands.registerCommand(OPEN_DOCS_COMMAND, (rule?: string) => openRuleDocumentation(context, rule)),
    vscode.commands.registerCommand('readiness.showOutput', () => client.outputChannel.show()),
    vscode.commands.registerCommand('readiness.applyItemFix', (node?: { item?: ChecklistEntry }) => node?.item && applyItemFix(node.item)),
  ];
}

/**
 * "Apply fix" on a checklist item: the quick fix the server offers at the item's first evidence, found
 * through the code-action provider (the same one the light bulb uses), so it is applied exactly as from
 * the editor and never from a stale copy.
 */
async function applyItemFix(item: ChecklistEntry): Promise<void> {
  const evidence = item.evidence[0];
  const wanted = item.fixes[0];
  if (!evidence || !wanted) return;
  const uri = vscode.Uri.parse(evidence.uri);
  const range = new vscode.Range(evidence.range.start.line, evidence.range.start.character, evidence.range.end.line, evidence.range.end.character);
  await vscode.window.showTextDocument(uri, { selection: range, preview: true });
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  const action = actions?.find((a) => a.title === wanted.title);
  if (!action?.edit) {
    void vscode.window.showInformationMessage(`Production Readiness: "${wanted.title}" is no longer offered here; the file may have changed.`);
    return;
  }
  await vscode.workspace.applyEdit(action.edit);
}

/** Opens the rule's page shipped inside the extension, rendered as Markdown. */
async function openRuleDocumentation(context: vscode.ExtensionContext, rule?: string): Promise<void> {
  const docsDir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  if (!rule) {
    const pages = (await vscode.workspace.fs.readDirectory(docsDir)).map(([name]) => name.replace(/\.md$/, '')).sort();
    rule = await vscode.window.showQuickPick(pages, { placeHolder: 'Which rule?' });
    if (!rule) return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(docsDir, `${rule}.md`));
}
