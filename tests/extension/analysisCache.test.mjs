// The worker's analysis cache answers only for the same comment with the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisCache } from '../../extension/src/background/analysisCache.js';

test('an edit that keeps the length and the first words is asked again', () => {
  const cache = new Cache();
  const head = 'Заказ 5521 привезли, курьер вежливый, всё хорошо упаковано, спасибо большое за ';
  const before = { id: '-1_2_3', text: `${head}скорость!` };
  const after = { id: '-1_2_3', text: `${head}опоздание` };
  assert.equal(before.text.length, after.text.length);
  cache.set('vk', before, { tone: 'positive' });
  assert.deepEqual(cache.get('vk', before), { tone: 'positive' });
  assert.equal(cache.get('vk', after), undefined);
  assert.equal(cache.get('facebook', before), undefined);
});

test('bounded: the oldest goes first', () => {
  const cache = new AnalysisCache(2);
  for (const n of [1, 2, 3]) cache.set('vk', { id: String(n), text: 'x' }, n);
  assert.equal(cache.get('vk', { id: '1', text: 'x' }), undefined);
  assert.equal(cache.get('vk', { id: '3', text: 'x' }), 3);
});

function Cache() {
  return new AnalysisCache();
}
