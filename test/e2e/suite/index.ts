// Extension-host test entry: VS Code requires this module and calls run() (the @vscode/test-electron
// contract, also used under code-server). Prints MOCHA_START / MOCHA_RESULT for the code-server driver.
import Mocha from 'mocha';
import { registerSuite } from './extension.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // One bundled file: register the suite programmatically instead of mocha.addFile.
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  registerSuite();
  mocha.suite.emit('post-require', globalThis, 'bundle', mocha);
  console.log('MOCHA_START');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`MOCHA_RESULT ${JSON.stringify({ passes: runner.stats?.passes ?? 0, failures })}`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`)); else resolve();
    });
  });
}
