import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignKey } from '../../src/signals/campaign';
import { matches } from '../../src/signals/match';
import { statOf, validatePageStats } from '../../src/signals/page-stats';
import { privacySignal } from '../../src/signals/privacy';

test('globs match whole paths: * within a segment, ** across segments; RegExps are tested as given', () => {
  assert.ok(matches('/products/*', '/products/shoe'));
  assert.ok(!matches('/products/*', '/products/shoe/reviews'));
  assert.ok(matches('/products/**', '/products/shoe/reviews'));
  assert.ok(!matches('/products/*', '/products-old/shoe'));
  assert.ok(matches('/a.b', '/a.b') && !matches('/a.b', '/axb'), 'dots are literal');
  assert.ok(matches(/^\/p\/\d+$/, '/p/12'));
});

test('page statistics: exact path, else the longest matching glob, else *, else none', () => {
  const stats = {
    '/cart': { bounceRate: 0, exitRate: 0.1, pageValue: 50 },
    '/products/*': { bounceRate: 0.02, exitRate: 0.05, pageValue: 5 },
    '/products/sale/*': { bounceRate: 0.01, exitRate: 0.02, pageValue: 9 },
    '*': { bounceRate: 0.05, exitRate: 0.08, pageValue: 0 },
  };
  assert.equal(statOf(stats, '/cart')!.pageValue, 50);
  assert.equal(statOf(stats, '/products/shoe')!.pageValue, 5);
  assert.equal(statOf(stats, '/products/sale/shoe')!.pageValue, 9);
  assert.equal(statOf(stats, '/about')!.exitRate, 0.08);
  const { '*': _default, ...noDefault } = stats;
  assert.equal(statOf(noDefault, '/about'), null);
});

test('page statistics from untrusted JSON keep valid entries and name the rejected ones', () => {
  const { stats, issues } = validatePageStats({
    '/a': { bounceRate: 0.1, exitRate: 0.2, pageValue: 3 },
    '/b': { bounceRate: 2, exitRate: 0, pageValue: 0 },
    '/c': 'x',
  });
  assert.deepEqual(Object.keys(stats), ['/a']);
  assert.equal(issues.length, 2);
  assert.match(issues[0], /pageStats\["\/b"\]/);
  assert.match(validatePageStats([1]).issues[0], /must be an object/);
});

test('the campaign key is a hash of the utm/gclid values, empty without them, never the values', () => {
  assert.equal(campaignKey('?q=shoes'), '');
  const a = campaignKey('?utm_source=news&utm_campaign=spring');
  assert.ok(a && !a.includes('news') && !a.includes('spring'));
  assert.equal(campaignKey('?utm_campaign=spring&utm_source=news&x=1'), a, 'order and other parameters do not matter');
  assert.notEqual(campaignKey('?utm_source=news&utm_campaign=summer'), a);
  assert.notEqual(campaignKey('?gclid=abc'), '');
});

test('Global Privacy Control and Do Not Track are privacy signals', () => {
  const nav = (x: object) => x as Navigator;
  assert.equal(privacySignal(nav({ globalPrivacyControl: true })), true);
  assert.equal(privacySignal(nav({ doNotTrack: '1' })), true);
  assert.equal(privacySignal(nav({}), { doNotTrack: '1' }), true);
  assert.equal(privacySignal(nav({ doNotTrack: '0', globalPrivacyControl: false })), false);
});
