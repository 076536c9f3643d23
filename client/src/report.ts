// "Export Readiness Report (Markdown)": the server writes the report; the client saves and opens it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_REQUEST, type ReportParams, type ReportResult } from '../../server/src/shared/protocol';

export async function exportReport(client: LanguageClient, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0]
    : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Report on which folder?' });
  if (!folder) return undefined;
  const { markdown } = await client.sendRequest<ReportResult>(REPORT_REQUEST, { folderUri: folder.uri.toString() } satisfies ReportParams);
  const uri = target ?? await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder.uri, 'readiness-report.md'), filters: { Markdown: ['md'] },
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  await vscode.window.showTextDocument(uri);
  return uri;
}
