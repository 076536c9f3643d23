// Activation and wiring only: start the language server, connect the checklist view, status bar, commands.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';
import { CHECKLIST_CHANGED_NOTIFICATION, CHECKLIST_REQUEST, type ChecklistResult } from '../../server/src/shared/protocol';
import { ChecklistTree, headlineScore } from './views/checklistTree';
import { ScoreStatusBar } from './statusBar';
import { registerCommands } from './commands';

export interface ReadinessApi {
  client: LanguageClient;
  /** Server restarts after a crash, and how many times the user was told (once at most). */
  restarts(): { restarts: number; notices: number };
  /** The checklist as the view last showed it (for tests and other extensions). */
  checklist(): Promise<ChecklistResult>;
}

let client: LanguageClient | undefined;

const WATCHED = '**/{*.py,*.pyi,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,Dockerfile,Dockerfile.*,*.dockerfile,*.yaml,*.yml,pyproject.toml,requirements*.txt,uv.lock,poetry.lock,Pipfile.lock,.python-version,.readiness.toml,package.json,package-lock.json,tsconfig.json,tsconfig.*.json}';
const LANGUAGES = ['python', 'dockerfile', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'yaml'];

export async function activate(context: vscode.ExtensionContext): Promise<ReadinessApi> {
  const restartPolicy = new RestartPolicy();
  let notices = 0;
  const serverModule = context.asAbsolutePath('dist/server.js');
  // V8's code cache of the server bundle, in the extension's own storage: later starts skip compiling it
  const codeCache = [`--code-cache-dir=${vscode.Uri.joinPath(context.globalStorageUri, 'v8-cache').fsPath}`];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args: codeCache },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED) },
    diagnosticCollectionName: 'readiness',
    errorHandler: {
      // A server that dies makes reads and writes fail before its connection closes. Shutting down here
      // would stop the client and skip `closed`, so a crash would not be restarted: keep going, log the
      // error (no pop-up), and let `closed` decide.
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        const decision = restartPolicy.closed();
        if (!decision.restart) return { action: CloseAction.DoNotRestart, message: decision.message };
        if (decision.notifyFirstCrash) {
          notices++;
          void vscode.window.showWarningMessage('Production Readiness: the analysis server stopped unexpectedly and was restarted. Later restarts are only logged.', 'Show Output')
            .then((choice) => { if (choice) client?.outputChannel.show(true); });
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new LanguageClient('readiness', 'Production Readiness', serverOptions, clientOptions);

  const tree = new ChecklistTree();
  const view = vscode.window.createTreeView('readiness.checklist', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ScoreStatusBar();
  const refresh = async () => {
    if (!client?.isRunning()) return;
    const result = await client.sendRequest<ChecklistResult>(CHECKLIST_REQUEST);
    tree.update(result);
    view.message = tree.filterMessage;
    const score = headlineScore(result.folders);
    const scanning = result.folders.some((f) => f.scanning);
    view.description = scanning ? 'scanning…' : score === null ? undefined : `Score ${score}%`;
    statusBar.show(score, scanning);
  };
  // "Only failing" filter, remembered per workspace; the title bar shows the button for the other state
  const setOnlyFailing = (on: boolean) => {
    tree.setOnlyFailing(on);
    view.message = tree.filterMessage;
    void vscode.commands.executeCommand('setContext', 'readiness.onlyFailing', on);
    void context.workspaceState.update('readiness.onlyFailing', on);
  };
  setOnlyFailing(context.workspaceState.get<boolean>('readiness.onlyFailing', false));
  context.subscriptions.push(view, statusBar, ...registerCommands(context, client),
    vscode.commands.registerCommand('readiness.showOnlyFailing', () => setOnlyFailing(true)),
    vscode.commands.registerCommand('readiness.showAllItems', () => setOnlyFailing(false)));

  await client.start();
  context.subscriptions.push(client.onNotification(CHECKLIST_CHANGED_NOTIFICATION, () => void refresh()));
  await refresh();
  return {
    client,
    checklist: async () => client!.sendRequest<ChecklistResult>(CHECKLIST_REQUEST),
    restarts: () => ({ restarts: restartPolicy.restarts, notices }),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
