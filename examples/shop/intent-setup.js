// The shop's tracker setup, included on every page: the async snippet (as in the README), then the
// tracker itself with a callback that shows the offer banner. In a file rather than inline, so the
// shop also works under a Content-Security-Policy without 'unsafe-inline'.
/* global IntentTracker -- defined by the snippet above */
(function (w, d, src, config) {
  if (w.IntentTracker) return;
  var q = [];
  w.IntentTracker = {
    q: q,
    initIntentTracker: function () {
      var stub = { q: [] };
      ['trackPageView', 'recordPurchase', 'setConsent', 'destroy', 'score', 'getSession', 'reset'].forEach(
        function (m) {
          stub[m] = function () {
            var args = arguments;
            return new Promise(function (resolve) {
              stub.q.push([m, args, resolve]);
            });
          };
        },
      );
      q.push([arguments, stub]);
      return stub;
    },
  };
  var s = d.createElement('script'),
    url = src;
  try {
    // Trusted Types: a policy that gives this one URL, whatever it is asked
    url = w.trustedTypes
      .createPolicy('intent-tracker-loader', {
        createScriptURL: function () {
          return src;
        },
      })
      .createScriptURL(src);
  } catch (e) {} // no Trusted Types, or the name is not allowed: assign the string
  s.async = true;
  s.src = url;
  if (config) s.setAttribute('data-config', config);
  d.head.appendChild(s);
})(window, document, '/dist/intent-tracker.min.js', '/examples/shop/intent-config.json');

// The demo's trigger switch (the select in the header, or ?trigger=exit-intent in the URL), kept
// for the tab: 'pageview' shows the offer when the page view is scored, 'exit-intent' when the
// visitor then moves to leave (pointer out through the top; on touch, a fast scroll up or idle at the top).
window.intentDemoTrigger = 'pageview';
try {
  var asked = new URLSearchParams(location.search).get('trigger');
  if (asked === 'pageview' || asked === 'exit-intent') sessionStorage.setItem('intent-demo-trigger', asked);
  window.intentDemoTrigger = sessionStorage.getItem('intent-demo-trigger') || 'pageview';
} catch (e) {} // storage denied: the default trigger

// A retrained model folder to try (?models=/demo-data/my-models/, see README "Collect and retrain from
// the demo"), kept for the tab like the trigger; a path of this origin only.
window.intentDemoModels = undefined;
try {
  var models = new URLSearchParams(location.search).get('models');
  if (models && /^\/(?!\/)/.test(models)) sessionStorage.setItem('intent-demo-models', models);
  window.intentDemoModels = sessionStorage.getItem('intent-demo-models') || undefined;
} catch (e) {} // storage denied: the shipped models

window.intentTracker = IntentTracker.initIntentTracker(
  function (event) {
    if (window.showOfferBanner) window.showOfferBanner(event);
  },
  Object.assign(
    {
      pageStats: '/examples/shop/page-stats.json',
      // Each finished session goes to the demo server, which appends it to demo-data/sessions.jsonl
      // (see README, "Collect and retrain from the demo").
      collectUrl: '/collect',
      modelBaseUrl: window.intentDemoModels,
      trigger: window.intentDemoTrigger,
      debug: true,
      onError: function (error) {
        (window.intentErrors = window.intentErrors || []).push(error.message);
      },
    },
    window.intentDemoOptions,
  ),
);
