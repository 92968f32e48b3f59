import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FEATURE_SETS } from '../../src/features/columns';
import { encode, encodeMany, numberOf } from '../../src/features/encode';
import { fitEncoder } from '../../src/features/fit';
import { record } from '../helpers/records';

const rows = [
  record({ Month: 'Feb', VisitorType: 'New_Visitor', ProductRelated: 0 }),
  record({ Month: 'Nov', ProductRelated: 10 }),
  record({ Month: 'Nov', ProductRelated: 100, Weekend: true }),
  record({ Month: 'June', ProductRelated: 1000, PageValues: 20 }),
];

test('input columns come in a fixed, documented order: numeric, flags, then one-hot blocks', () => {
  const spec = fitEncoder(rows, 'full', FEATURE_SETS.full);
  assert.deepEqual(spec.inputNames, [
    'log1p(Administrative)',
    'log1p(Administrative_Duration)',
    'log1p(Informational)',
    'log1p(Informational_Duration)',
    'log1p(ProductRelated)',
    'log1p(ProductRelated_Duration)',
    'SpecialDay',
    'BounceRates',
    'ExitRates',
    'log1p(PageValues)',
    'Weekend',
    'PageValues>0',
    'Month=Feb',
    'Month=Jun',
    'Month=Nov',
    'VisitorType=New_Visitor',
    'VisitorType=Returning_Visitor',
  ]);
  assert.equal(encode(spec, rows[0]).length, spec.inputNames.length);
  // behavioral: the same behaviour columns, then the derived totals, then its flag and one-hot blocks.
  assert.deepEqual(fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral).inputNames.slice(0, 12), [
    'log1p(Administrative)',
    'log1p(Administrative_Duration)',
    'log1p(Informational)',
    'log1p(Informational_Duration)',
    'log1p(ProductRelated)',
    'log1p(ProductRelated_Duration)',
    'SpecialDay',
    'log1p(TotalPages)',
    'log1p(TotalDuration)',
    'ProductPageShare',
    'log1p(SecondsPerPage)',
    'Weekend',
  ]);
});

test('numeric inputs are log1p-transformed and standardised with the training rows only', () => {
  const spec = fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral);
  const logs = rows.map((r) => Math.log1p(r.ProductRelated));
  const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
  const std = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / logs.length);
  const at = spec.inputNames.indexOf('log1p(ProductRelated)');
  const x = encode(spec, record({ ProductRelated: 50 }));
  assert.ok(Math.abs(x[at] - (Math.log1p(50) - mean) / std) < 1e-6);
  // A column constant in training (Informational = 0) is centred, not divided by zero.
  assert.equal(encode(spec, record())[spec.inputNames.indexOf('log1p(Informational)')], 0);
});

test('known categories are one-hot; June and Jun are the same month', () => {
  const spec = fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral);
  const names = spec.inputNames;
  const jun = encode(spec, record({ Month: 'Jun' }));
  const june = encode(spec, record({ Month: 'June' }));
  assert.deepEqual(jun, june);
  assert.equal(jun[names.indexOf('Month=Jun')], 1);
  assert.equal(jun[names.indexOf('Month=Nov')], 0);
});

test('an unseen category (Jan, absent from training) encodes as the training prior, not as zeros', () => {
  const spec = fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral);
  const x = encode(spec, record({ Month: 'Jan', VisitorType: 'Other' }));
  const names = spec.inputNames;
  assert.equal(x[names.indexOf('Month=Feb')], 0.25);
  assert.equal(x[names.indexOf('Month=Jun')], 0.25);
  assert.equal(x[names.indexOf('Month=Nov')], 0.5);
  assert.equal(x[names.indexOf('VisitorType=New_Visitor')], 0.25);
  assert.equal(x[names.indexOf('VisitorType=Returning_Visitor')], 0.75);
});

test('a missing or non-finite value is an error that names the column', () => {
  const spec = fitEncoder(rows, 'full', FEATURE_SETS.full);
  assert.throws(() => encode(spec, record({ PageValues: NaN })), /PageValues/);
  const { Month: _m, ...noMonth } = record();
  assert.throws(() => encode(spec, noMonth as never), /Month/);
  assert.throws(() => encode(spec, record({ Weekend: 'yes' as never })), /Weekend/);
});

test('encodeMany lays rows out one after another, identical to encode', () => {
  const spec = fitEncoder(rows, 'full', FEATURE_SETS.full);
  const m = encodeMany(spec, rows);
  const w = spec.inputNames.length;
  rows.forEach((r, i) => assert.deepEqual(m.slice(i * w, (i + 1) * w), encode(spec, r)));
});

test('derived totals: pages and seconds over the three page types, the product share, seconds per page', () => {
  const r = record({
    Administrative: 2,
    Administrative_Duration: 40,
    Informational: 1,
    Informational_Duration: 20,
    ProductRelated: 5,
    ProductRelated_Duration: 300,
  });
  assert.equal(numberOf(r, 'TotalPages'), 8);
  assert.equal(numberOf(r, 'TotalDuration'), 360);
  assert.equal(numberOf(r, 'ProductPageShare'), 5 / 8);
  assert.equal(numberOf(r, 'SecondsPerPage'), 45);
  // A session with no typed page (only "other" pages) has no share and no pace: 0, never NaN.
  const none = record({
    Administrative: 0,
    Administrative_Duration: 0,
    Informational: 0,
    Informational_Duration: 0,
    ProductRelated: 0,
    ProductRelated_Duration: 0,
  });
  assert.deepEqual(
    ['TotalPages', 'TotalDuration', 'ProductPageShare', 'SecondsPerPage'].map((c) => numberOf(none, c as never)),
    [0, 0, 0, 0],
  );
  // A bad input column is named, not hidden behind the total.
  assert.throws(
    () => numberOf(record({ Informational: NaN }), 'SecondsPerPage'),
    /column Informational must be a finite number/,
  );
});

test('an encoder with a derived total is schema 2; one without stays 1, which older SDKs read', () => {
  assert.equal(fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral).schemaVersion, 2);
  assert.equal(fitEncoder(rows, 'full', FEATURE_SETS.full).schemaVersion, 1);
});

test('a derived total is encoded like any numeric input: transformed, then standardised on the training rows', () => {
  const spec = fitEncoder(rows, 'behavioral', FEATURE_SETS.behavioral);
  const at = spec.inputNames.indexOf('log1p(SecondsPerPage)');
  assert.ok(at >= 0, spec.inputNames.join(', '));
  const f = spec.numeric.find((n) => n.column === 'SecondsPerPage')!;
  const r = record({ ProductRelated: 50 });
  assert.ok(Math.abs(encode(spec, r)[at] - (Math.log1p(numberOf(r, 'SecondsPerPage')) - f.mean) / f.std) < 1e-6);
});
