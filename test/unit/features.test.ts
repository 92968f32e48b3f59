import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FEATURE_SETS } from '../../src/features/columns';
import { encode } from '../../src/features/encode';
import { toRecord } from '../../src/features/record';
import { addPageView } from '../../src/session/session';
import { pageTypeOf } from '../../src/signals/page-type';
import { fitEncoder } from '../../src/features/fit';
import type { PageView } from '../../src/session/session';
import type { StoredState } from '../../src/session/types';
import { record, sequence } from '../helpers/records';

/** Just enough of a Document for page typing: a meta tag and attributes on html and body. */
function fakeDocument(meta: string | null, html: string | null, body: string | null): Document {
  const el = (v: string | null) => ({ getAttribute: (n: string) => (n === 'data-intent-page-type' ? v : null) });
  return {
    querySelector: () => (meta === null ? null : { getAttribute: () => meta }),
    documentElement: el(html),
    body: el(body),
  } as unknown as Document;
}

test('page type: meta tag, then data attribute on html, then on body, then URL rules, else other', () => {
  const rules = { product: ['/p/*'], informational: [/^\/help/] };
  assert.equal(
    pageTypeOf(fakeDocument('Product', 'informational', null), '/x', rules),
    'product',
    'meta wins, case-insensitive',
  );
  assert.equal(pageTypeOf(fakeDocument(null, 'informational', 'product'), '/x', rules), 'informational');
  assert.equal(pageTypeOf(fakeDocument(null, null, 'administrative'), '/p/1', rules), 'administrative');
  assert.equal(
    pageTypeOf(fakeDocument('bogus', null, null), '/p/1', rules),
    'product',
    'an unknown declared type falls through to the rules',
  );
  assert.equal(pageTypeOf(fakeDocument(null, null, null), '/help/faq', rules), 'informational');
  assert.equal(pageTypeOf(fakeDocument(null, null, null), '/cart', rules), 'other');
});

test('the session becomes a UCI record: seconds per type, page statistics averaged over the views that had them', () => {
  const rules = { timeoutMs: 1_800_000, random: sequence() };
  const t0 = new Date(2026, 1, 8, 12).getTime();
  const views: PageView[] = [
    { at: t0, type: 'product', campaign: '', stat: { bounceRate: 0.1, exitRate: 0.2, pageValue: 0 } },
    { at: t0 + 30_000, type: 'administrative', campaign: '', stat: { bounceRate: 0.3, exitRate: 0.4, pageValue: 60 } },
    { at: t0 + 45_000, type: 'other', campaign: '', stat: null },
  ];
  const state = views.reduce<StoredState | undefined>((s, v) => addPageView(s, v, rules), undefined)!;
  const r = toRecord(state.session!, { Month: 'Feb', Weekend: true, SpecialDay: 1, persistent: true });
  assert.deepEqual(r, {
    Administrative: 1,
    Administrative_Duration: 15,
    Informational: 0,
    Informational_Duration: 0,
    ProductRelated: 1,
    ProductRelated_Duration: 30,
    BounceRates: 0.2,
    ExitRates: 0.30000000000000004,
    PageValues: 30,
    SpecialDay: 1,
    Month: 'Feb',
    VisitorType: 'New_Visitor',
    Weekend: true,
  });
  assert.equal(
    toRecord(state.session!, { Month: 'Feb', Weekend: true, SpecialDay: 1, persistent: false }).VisitorType,
    'Other',
  );
  // The record feeds the shared encoder as is.
  const spec = fitEncoder([record(), record({ Month: 'Feb' })], 'full', FEATURE_SETS.full);
  assert.equal(encode(spec, r).length, spec.inputNames.length);
});
