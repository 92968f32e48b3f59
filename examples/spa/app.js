// A framework-free single-page app: History API routing, and the tracker from the ESM build with
// `spa: true`, so every route change is a page view. Page types come from URL rules here, since
// the document's meta tag does not change between routes.
import { initIntentTracker } from '/dist/index.js';

const BASE = '/examples/spa/';
const routes = {
  '': { title: 'Home', body: 'Welcome to the single-page shop.' },
  products: { title: 'Products', body: 'Trail Runner 2, Storm Rain Jacket, Lumen 400 Headlamp.' },
  'products/headlamp': { title: 'Lumen 400 Headlamp', body: '400 lumens, USB-C charging. €39' },
  faq: { title: 'FAQ', body: 'Sizes run true. Returns are free.' },
  account: { title: 'Account', body: 'Sign in to see your orders.' },
};

export const tracker = initIntentTracker(
  (event) => {
    const note = document.createElement('aside');
    note.id = 'offer-banner';
    note.textContent = `Offer ${event.offer.id}: purchase probability ${(event.probability * 100).toFixed(1)}%`;
    document.body.appendChild(note);
  },
  {
    spa: true,
    threshold: 0.3,
    pageTypes: {
      product: [`${BASE}products`, `${BASE}products/*`],
      informational: [`${BASE}faq`],
      administrative: [`${BASE}account`],
    },
    debug: true,
  },
);
window.intentTracker = tracker;

function render() {
  const route = routes[location.pathname.slice(BASE.length)] ?? { title: 'Not found', body: '' };
  const view = document.getElementById('view');
  const h1 = document.createElement('h1');
  h1.textContent = route.title;
  const p = document.createElement('p');
  p.textContent = route.body;
  view.replaceChildren(h1, p);
  document.title = `${route.title} · SPA example`;
}

const nav = document.getElementById('nav');
for (const [path, route] of Object.entries(routes)) {
  const a = document.createElement('a');
  a.href = BASE + path;
  a.textContent = route.title;
  a.dataset.route = path;
  nav.appendChild(a);
}
nav.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-route]');
  if (!a) return;
  e.preventDefault();
  history.pushState(null, '', a.href);
  render();
});
addEventListener('popstate', render);
render();
