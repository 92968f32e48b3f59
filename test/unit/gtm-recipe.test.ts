import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readTemplate } from '../helpers/gtm-template';

// examples/gtm/README.md's Custom HTML tag must stay the README's snippet, and push the same
// dataLayer event as the template, so the two ways of running the SDK from GTM do not drift apart.
const doc = readFileSync('examples/gtm/README.md', 'utf8');
const recipe = doc.split('<!-- gtm-recipe:start -->')[1].split('<!-- gtm-recipe:end -->')[0];
const readme = readFileSync('README.md', 'utf8').split('<!-- snippet:start -->')[1].split('<!-- snippet:end -->')[0];
/** The loader: from `<script>` up to the line that calls it with the SDK's URL. */
const loader = (text: string) => text.slice(text.indexOf('<script>'), text.indexOf('})(window, document,'));
/** The dataLayer keys a piece of code pushes: `intent_*:` and `event:`. */
const pushedKeys = (text: string) => [...new Set([...text.matchAll(/\b(intent_\w+|event):/g)].map((m) => m[1]))].sort();

test("the Custom HTML recipe's loader is the README's async snippet, character for character", () => {
  assert.ok(loader(readme).length > 500);
  assert.equal(loader(recipe), loader(readme));
});

test('the recipe pushes the same dataLayer keys as the template, and the event intent_low', () => {
  const code = readTemplate().get('___SANDBOXED_JS_FOR_WEB_TEMPLATE___')!;
  assert.deepEqual(pushedKeys(recipe), pushedKeys(code));
  assert.match(recipe, /event: 'intent_low'/);
});

test('after the loader the recipe calls trackPageView nowhere: with spa the SDK counts routes itself', () => {
  assert.doesNotMatch(recipe.slice(recipe.indexOf('})(window, document,')), /trackPageView/);
});
