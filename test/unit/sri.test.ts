import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { readmeSriTag } from '../helpers/sri';

// The value scripts/integrity.mjs writes for a file: a whole SRI token, prefix included.
const value = `sha384-${createHash('sha384').update('console.log(1)').digest('base64')}`;

test("the README's integrity tag, filled with dist/integrity.json's value, carries one sha384- prefix", () => {
  const tag = readmeSriTag({ 'intent-tracker.min.js': value });
  const attr = /integrity="([^"]*)"/.exec(tag)?.[1];
  assert.equal(attr, value);
  // One token: the algorithm once, then 64 base64 characters (384 bits). `sha384-sha384-...` fails here.
  assert.match(attr ?? '', /^sha384-[A-Za-z0-9+/]{64}$/);
  assert.match(
    tag,
    /^<script src="\/dist\/intent-tracker\.min\.js" integrity="[^"]+" crossorigin="anonymous"><\/script>$/,
  );
});
