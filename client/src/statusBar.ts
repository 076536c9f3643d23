// Status-bar item: the readiness score, a click away from the checklist.
import * as vscode from 'vscode';

export class ScoreStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('readiness.score', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Production Readiness score';
    this.item.command = 'readiness.checklist.focus';
  }

  show(score: number | null, scanning: boolean): void {
    if (score === null && !scanning) { this.item.hide(); return; }
    this.item.text = scanning ? '$(sync~spin) Readiness' : `$(checklist) Readiness ${score}%`;
    this.item.tooltip = scanning ? 'Production Readiness: scanning the workspace…' : `Production readiness score: ${score}%. Click to open the checklist.`;
    this.item.backgroundColor = score !== null && score < 50 && !scanning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void { this.item.dispose(); }
}
