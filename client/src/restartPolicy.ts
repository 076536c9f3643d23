// What to do when the language server's connection closes unexpectedly: restart it, and tell the user the
// first time only (later restarts go to the output channel). Past five crashes in three minutes, stop and
// say so once. Pure logic (no vscode import) so the extension wires the notification.
export const MAX_RESTARTS = 4;
export const WINDOW_MS = 3 * 60 * 1000;

export type CloseDecision =
  | { restart: true; notifyFirstCrash: boolean }
  | { restart: false; message: string };

export class RestartPolicy {
  private readonly crashes: number[] = [];
  private notified = false;
  /** Restarts granted this session (for the output channel and tests). */
  restarts = 0;

  constructor(private readonly now: () => number = Date.now) {}

  closed(): CloseDecision {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length && t - this.crashes[0] > WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      return { restart: false, message: `The Production Readiness server stopped ${this.crashes.length} times in the last 3 minutes and will not be restarted. See Output › Production Readiness; run "Developer: Reload Window" to start it again.` };
    }
    this.restarts++;
    const notifyFirstCrash = !this.notified;
    this.notified = true;
    return { restart: true, notifyFirstCrash };
  }
}
