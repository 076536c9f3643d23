// Runs inside a real VS Code extension host with examples/ as the workspace.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'production-readiness.production-readiness';

async function waitFor<T>(get: () => T, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value: ${JSON.stringify(v)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'readiness');
/** The rule id: VS Code turns a code with a documentation link into `{ value, target }`. */
const ruleOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const codes = (uri: vscode.Uri) => ours(uri).map(ruleOf).sort();

export function registerSuite(): void {
  suite('Production Readiness in VS Code', () => {
    let folder: vscode.Uri;
    const file = (rel: string) => vscode.Uri.joinPath(folder, rel);
    let api: { checklist(): Promise<any>; restarts(): { restarts: number; notices: number }; client: any };

    suiteSetup(async () => {
      const ws = vscode.workspace.workspaceFolders?.[0];
      assert.ok(ws, 'examples/ must be open as the workspace');
      folder = ws.uri;
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not installed`);
      api = await ext.activate();
    });

    test('diagnostics of every family appear, including in files that are not open', async () => {
      await waitFor(() => codes(file('app/settings.py')), (c) => c.length > 0, 'settings.py diagnostics (workspace scan)');
      // the scan's publications arrive one file after another: wait for the last kinds too (project findings)
      await waitFor(() => codes(file('Dockerfile')), (c) => c.length > 0, 'Dockerfile diagnostics (project rules)');
      await waitFor(() => codes(file('app/main.py')), (c) => c.length > 0, 'main.py diagnostics (project rules)');
      assert.deepStrictEqual(codes(file('app/settings.py')), ['secret-default']);
      assert.deepStrictEqual(codes(file('app/main.py')), ['missing-health-route']);
      assert.deepStrictEqual(codes(file('app/routers/orders.py')), ['broad-except', 'datetime-utcnow',
        'deprecated-typing-alias', 'deprecated-typing-alias', ...Array(4).fill('deprecated-typing-union')]);
      assert.deepStrictEqual(codes(file('Dockerfile')), ['dockerfile-missing-healthcheck']);
      const deprecated = ours(file('app/routers/orders.py')).find((d) => ruleOf(d) === 'datetime-utcnow')!;
      assert.deepStrictEqual(deprecated.tags, [vscode.DiagnosticTag.Deprecated]);
      assert.strictEqual(deprecated.severity, vscode.DiagnosticSeverity.Warning);
    });

    test('TypeScript: syntax-only findings for unopened files, and the type checker deprecations struck through', async () => {
      const mailer = file('notifications/src/clients/mailer.ts');
      await waitFor(() => codes(mailer), (c) => c.length >= 3, 'mailer.ts diagnostics (workspace scan)');
      assert.deepStrictEqual(codes(mailer), ['request-without-timeout', 'swallowed-catch', 'swallowed-catch']);
      assert.deepStrictEqual(codes(file('notifications/src/config.ts')), ['env-secret-default', 'env-secret-unvalidated']);
      const route = file('notifications/src/routes/notifications.ts');
      const deprecated = await waitFor(() => ours(route).find((d) => ruleOf(d) === 'deprecated-api'), (d) => !!d, 'deprecated-api from the type-check worker', 60_000);
      assert.deepStrictEqual(deprecated!.tags, [vscode.DiagnosticTag.Deprecated]);
      assert.match(deprecated!.message, /`substr` is deprecated/);
    });

    test('the preferred quick fix applies and the diagnostic goes away', async () => {
      const uri = file('app/routers/orders.py');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const diagnostic = ours(uri).find((d) => ruleOf(d) === 'datetime-utcnow')!;
      assert.ok((diagnostic.code as { target: vscode.Uri }).target.toString().endsWith('docs/rules/datetime-utcnow.md'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.isPreferred && a.title.includes('now(UTC)'));
      assert.ok(fix?.edit, `no preferred fix; got ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(actions.some((a) => a.title === 'Ignore datetime-utcnow on this line'));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /created_at=datetime\.now\(UTC\)/);
      assert.match(doc.getText(), /^from datetime import datetime, UTC$/m);
      await waitFor(() => codes(uri), (c) => !c.includes('datetime-utcnow'), 'datetime-utcnow to disappear');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('fix-all on save applies the safe fixes (typing aliases) and nothing else', async () => {
      const uri = file('app/routers/orders.py');
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), '\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => doc.isDirty, (d) => !d, 'save to finish');
      const text = doc.getText();
      assert.match(text, /response_model=list\[OrderOut\]/);
      assert.doesNotMatch(text, /\bList\b/);
      assert.match(text, /metadata: str \| None = None/, 'safe PEP 604 rewrite');
      assert.match(text, /datetime\.utcnow\(\)/, 'unsafe fixes must not run on save');
      assert.match(text, /except Exception:\n        return None/, 'unsafe fixes must not run on save');
    });

    test('Express: "add health routes" creates a router module, wires it into the app, and the finding goes away', async () => {
      const server = file('notifications/src/server.ts');
      const created = file('notifications/src/health.ts');
      const finding = await waitFor(() => ours(server).find((d) => ruleOf(d) === 'missing-health-route'), (d) => !!d, 'missing-health-route on server.ts');
      const doc = await vscode.workspace.openTextDocument(server);
      await vscode.window.showTextDocument(doc);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', server, finding!.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.isPreferred && /creates health\.ts/.test(a.title));
      assert.ok(fix?.edit, `no health fix; got ${actions.map((a) => a.title).join(' | ')}`);
      // every file the fix touches lies inside the workspace folder
      assert.ok(fix.edit.entries().every(([uri]) => uri.toString().startsWith(`${folder.toString()}/`)));
      try {
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.match(doc.getText(), /^import \{ healthRouter \} from '\.\/health';$/m);
        assert.match(doc.getText(), /^app\.use\(healthRouter\);$/m);
        // VS Code creates the file and leaves the new text in an editor model, unsaved, as for any refactoring
        const module = await vscode.workspace.openTextDocument(created);
        assert.match(module.getText(), /healthRouter\.get\('\/health\/live'/);
        assert.ok(await module.save());
        await doc.save();
        await waitFor(() => codes(server), (c) => !c.includes('missing-health-route'), 'missing-health-route to disappear');
      } finally {
        await vscode.workspace.fs.delete(created).then(undefined, () => undefined);
        const restore = await vscode.workspace.openTextDocument(server);
        await vscode.window.showTextDocument(restore);
        const original = restore.getText().replace(/^import \{ healthRouter \} from '\.\/health';\r?\n/m, '').replace(/^app\.use\(healthRouter\);\r?\n/m, '');
        const whole = new vscode.Range(restore.positionAt(0), restore.positionAt(restore.getText().length));
        const undo = new vscode.WorkspaceEdit();
        undo.replace(server, whole, original);
        await vscode.workspace.applyEdit(undo);
        await restore.save();
      }
      await waitFor(() => codes(server), (c) => c.includes('missing-health-route'), 'missing-health-route back after the revert');
    });

    test('the checklist request returns the items with evidence and a score', async () => {
      const result = await api.checklist();
      assert.strictEqual(result.folders.length, 1);
      const items = Object.fromEntries(result.folders[0].items.map((i: any) => [i.id, i]));
      assert.strictEqual(items['health.routes'].status, 'fail');
      assert.strictEqual(items['secrets.no-defaults'].status, 'fail');
      assert.strictEqual(items['deployment.dockerfile-healthcheck'].status, 'fail');
      assert.ok(items['secrets.no-defaults'].evidence.some((e: any) => e.uri.endsWith('/app/settings.py')));
      assert.strictEqual(typeof result.folders[0].score, 'number');
    });

    test('the checklist view opens, and the report export writes the same score', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.readiness');
      const target = file('readiness-report.md');
      await vscode.commands.executeCommand('readiness.exportReport', target);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const { folders } = await api.checklist();
      assert.match(text, new RegExp(`Readiness score: ${folders[0].score}%`));
      await vscode.commands.executeCommand('readiness.openRuleDocumentation', 'broad-except');
    });

    test('a crashed server is restarted and the user is told once, not on every crash', async () => {
      for (let crash = 1; crash <= 2; crash++) {
        const pid = api.client.serverProcess?.pid;
        assert.ok(pid, 'the server process');
        process.kill(pid, 'SIGKILL');
        await waitFor(() => api.restarts().restarts, (n) => n === crash, `restart ${crash}`);
        await waitFor(() => api.client.isRunning() && api.client.serverProcess?.pid !== pid, (ok) => ok, `server ${crash} running again`);
      }
      assert.deepStrictEqual(api.restarts(), { restarts: 2, notices: 1 });
      // the restarted server scans again, publishes and answers with a score
      await waitFor(() => codes(file('app/settings.py')), (c) => c.includes('secret-default'), 'diagnostics after the restart');
      let score: unknown = null;
      for (const end = Date.now() + 30_000; typeof score !== 'number' && Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
        score = (await api.checklist()).folders[0]?.score;
      }
      assert.strictEqual(typeof score, 'number');
    });
  });
}
