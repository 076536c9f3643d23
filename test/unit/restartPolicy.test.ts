// The client's crash policy: restart, tell the user the first time only, give up past five crashes in three minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RESTARTS, RestartPolicy, WINDOW_MS } from '../../client/src/restartPolicy';

test('restarts after a crash; only the first crash of the session is announced', () => {
  let now = 0;
  const policy = new RestartPolicy(() => now);
  assert.deepEqual(policy.closed(), { restart: true, notifyFirstCrash: true });
  now += WINDOW_MS + 1;
  assert.deepEqual(policy.closed(), { restart: true, notifyFirstCrash: false });
  now += WINDOW_MS + 1;
  assert.deepEqual(policy.closed(), { restart: true, notifyFirstCrash: false });
  assert.equal(policy.restarts, 3);
});

test('a crash loop stops after five crashes within three minutes, with one message', () => {
  let now = 0;
  const policy = new RestartPolicy(() => now);
  for (let i = 0; i < MAX_RESTARTS; i++) { assert.equal(policy.closed().restart, true); now += 1000; }
  const last = policy.closed();
  assert.equal(last.restart, false);
  assert.match((last as { message: string }).message, /stopped 5 times in the last 3 minutes/);
  assert.equal(policy.restarts, MAX_RESTARTS);
});

test('crashes older than the window do not count towards the loop', () => {
  let now = 0;
  const policy = new RestartPolicy(() => now);
  for (let i = 0; i < 20; i++) { assert.equal(policy.closed().restart, true, `crash ${i}`); now += WINDOW_MS / 3; }
});
