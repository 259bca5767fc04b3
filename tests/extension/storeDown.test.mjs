// Team mode, the team's PostgreSQL unreachable while the companion answers: the
// companion's 503 store_unavailable reaches the worker with its code (the outbox waits),
// and the toolbar icon's title says why in the operator's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Companion } from '../../extension/src/core/companion.js';
import { iconTitle } from '../../extension/src/background/icon.js';
import { blame } from '../../extension/src/core/queue.js';

test('a 503 store_unavailable keeps its code, and the outbox waits', async () => {
  const fetchFn = async () => new Response(JSON.stringify({
    error: { code: 'store_unavailable', message: 'the team store cannot be reached: connection refused', field: null },
  }), { status: 503, headers: { 'X-Otklik-Version': '1', 'Content-Type': 'application/json' } });
  const c = new Companion({ baseUrl: 'http://127.0.0.1:1', token: 't', fetchFn });
  await assert.rejects(c.sendEvents([]), (err) => {
    assert.equal(err.code, 'store_unavailable');
    assert.equal(blame(err), 'wait');
    return true;
  });
});

test('the icon title says the team store is down, Russian first', () => {
  assert.equal(iconTitle('online', 'ru', 'store_unavailable'),
    'otklik: подключено (хранилище команды недоступно, события ждут в очереди)');
  assert.equal(iconTitle('online', 'en', 'store_unavailable'),
    'otklik: connected (the team store cannot be reached; events wait in the queue)');
  assert.equal(iconTitle('online', 'ru'), 'otklik: подключено');
  assert.equal(iconTitle('offline', 'ru', 'something_new'), 'otklik: не подключено (something_new)');
});
