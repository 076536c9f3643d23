// Commands: rescan, export report, open rule documentation, show output.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_DOCS_COMMAND, RESCAN_REQUEST } from '../../server/src/shared/protocol';
import { exportReport } from './report';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('readiness.rescan', () => vscode.window.withProgress(
      { location: { viewId: 'readiness.checklist' } }, () => client.sendRequest(RESCAN_REQUEST))),
    vscode.commands.registerCommand('readiness.exportReport', (target?: vscode.Uri) => exportReport(client, target)),
    vscode.commands.registerCommand(OPEN_DOCS_COMMAND, (rule?: string) => openRuleDocumentation(context, rule)),
    vscode.commands.registerCommand('readiness.showOutput', () => client.outputChannel.show()),
  ];
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
