___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Intent Tracker",
  "categories": [
    "PERSONALIZATION",
    "ANALYTICS"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": "intent-tracker"
  },
  "description": "Loads the intent-tracker SDK from your own host and pushes a dataLayer event when a visit's purchase intent is low, so other tags can show the offer.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "sdkUrl",
    "displayName": "SDK script URL (on your shop's own host)",
    "simpleValueType": true,
    "alwaysInSummary": true,
    "valueHint": "https://shop.example/intent/intent-tracker.min.js",
    "help": "The full https URL of dist/intent-tracker.min.js as your shop serves it. Its other files (intent-scoring.js, intent-runtime.js, models/) must be in the same folder. Also edit this template's Permissions tab (Injects scripts) to allow exactly this URL.",
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "REGEX",
        "args": [
          "^https://[^/]+/.*\\.js$"
        ],
        "errorMessage": "An absolute https URL of the SDK's .js file."
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "configUrl",
    "displayName": "Marketer config URL (optional)",
    "simpleValueType": true,
    "valueHint": "/intent-config.json",
    "help": "The marketer config JSON (thresholds, offers, caps, holdout). It plays the part of the script tag's data-config: its keys override the threshold below. Leave empty when there is no config file: a file that answers 404 turns every offer off."
  },
  {
    "type": "TEXT",
    "name": "threshold",
    "displayName": "Threshold (optional, 0 to 1)",
    "simpleValueType": true,
    "valueHint": "0.3",
    "help": "One offer { id: 'default', below: threshold }: an offer when the purchase probability is below this.",
    "valueValidators": [
      {
        "type": "REGEX",
        "args": [
          "^(0?\\.[0-9]+)?$"
        ],
        "errorMessage": "A number between 0 and 1, e.g. 0.3, or empty."
      }
    ]
  },
  {
    "type": "CHECKBOX",
    "name": "spa",
    "checkboxText": "Single-page app: count History API route changes as page views (spa: true)",
    "simpleValueType": true,
    "defaultValue": false,
    "help": "With this on, do not also fire a tag on GTM's History Change trigger that counts page views: each route would count twice."
  },
  {
    "type": "SELECT",
    "name": "consent",
    "displayName": "Consent",
    "simpleValueType": true,
    "macrosInSelect": false,
    "defaultValue": "none",
    "selectItems": [
      {
        "value": "none",
        "displayValue": "None in the SDK (GTM's consent settings decide when the tag fires)"
      },
      {
        "value": "requireConsent",
        "displayValue": "requireConsent: wait for the page's setConsent(true)"
      },
      {
        "value": "google-consent-mode",
        "displayValue": "consentFrom: 'google-consent-mode' (analytics_storage)"
      },
      {
        "value": "tcf",
        "displayValue": "consentFrom: 'tcf' (the CMP's IAB TCF API)"
      }
    ],
    "help": "With consentFrom the tag may fire before consent: the SDK records nothing until consent is granted. consentFrom needs an SDK version that has that option; the tag also sets requireConsent, so an older SDK waits for setConsent(true) rather than tracking without consent."
  },
  {
    "type": "TEXT",
    "name": "eventName",
    "displayName": "dataLayer event for an offer",
    "simpleValueType": true,
    "defaultValue": "intent_low",
    "help": "Pushed with intent_offer, intent_offer_id, intent_probability, intent_leave_risk, intent_trigger, intent_page_views and intent_arm when the SDK calls onLowIntent. In the holdout (control) arm the event is this name followed by _holdout.",
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      }
    ]
  },
  {
    "type": "CHECKBOX",
    "name": "debug",
    "checkboxText": "Debug: log page views, decisions and errors to the console",
    "simpleValueType": true,
    "defaultValue": false
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

// Intent Tracker tag: the README's async snippet, in GTM's sandbox. GTM's injectScript loads the SDK
// (it cannot set data-config, so the config URL is passed as the configUrl option instead), and the
// snippet's queue holds the init call until the SDK replays it.
const callInWindow = require('callInWindow');
const copyFromWindow = require('copyFromWindow');
const createQueue = require('createQueue');
const injectScript = require('injectScript');
const logToConsole = require('logToConsole');
const makeNumber = require('makeNumber');
const setInWindow = require('setInWindow');

// initIntentTracker's options from the fields; an empty field leaves the SDK's default.
const options = { spa: data.spa === true, debug: data.debug === true };
if (data.configUrl) options.configUrl = data.configUrl;
if (data.threshold) options.threshold = makeNumber(data.threshold);
// consentFrom comes with requireConsent: an SDK without consentFrom drops it (with an error) and
// still waits for consent instead of tracking at once. Fail safe.
if (data.consent === 'requireConsent') options.requireConsent = true;
if (data.consent === 'google-consent-mode' || data.consent === 'tcf') {
  options.requireConsent = true;
  options.consentFrom = data.consent;
}

const dataLayerPush = createQueue('dataLayer');
const eventName = data.eventName || 'intent_low';

// Other tags and triggers get the offer and why it came, not the session's features or vitals.
const pushEvent = (name) => (event) => {
  dataLayerPush({
    event: name,
    intent_offer: event.offer,
    intent_offer_id: event.offer ? event.offer.id : undefined,
    intent_probability: event.probability,
    intent_leave_risk: event.leaveRisk,
    intent_trigger: event.trigger,
    intent_page_views: event.pageViews,
    intent_arm: event.arm,
  });
};
const onLowIntent = pushEvent(eventName);
options.onHoldout = pushEvent(eventName + '_holdout');
if (options.debug) {
  options.onError = (error) => logToConsole('[intent-tracker] ' + error.code + ': ' + error.message);
}

if (copyFromWindow('IntentTracker.loaded') === true) {
  // The SDK is on the page already (the page's own snippet or an earlier tag): start it now. A
  // second start returns the first tracker, so this never tracks twice.
  callInWindow('IntentTracker.initIntentTracker', onLowIntent, options);
  data.gtmOnSuccess();
} else {
  // The snippet's queue: the SDK replays every [arguments, stub] entry of IntentTracker.q when it
  // loads. An existing IntentTracker (the page's snippet, not loaded yet) keeps its own queue.
  setInWindow('IntentTracker', { q: [] }, false);
  const enqueue = createQueue('IntentTracker.q');
  enqueue([[onLowIntent, options], { q: [] }]);
  injectScript(data.sdkUrl, data.gtmOnSuccess, data.gtmOnFailure, 'intent-tracker');
}


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_globals",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "dataLayer"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "IntentTracker"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "IntentTracker.q"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "IntentTracker.loaded"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": false
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "IntentTracker.initIntentTracker"
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": false
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "inject_script",
        "versionId": "1"
      },
      "param": [
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://shop.example/intent/intent-tracker.min.js"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "debug"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  }
]


___TESTS___

scenarios:
- name: Queues the init call with the options from the fields and injects the SDK
  code: |-
    let injected;
    mock('injectScript', (url, onSuccess, onFailure, cacheToken) => {
      injected = url;
      onSuccess();
    });
    runCode(mockData);
    assertThat(injected).isEqualTo('https://shop.example/intent/intent-tracker.min.js');
    assertApi('createQueue').wasCalledWith('IntentTracker.q');
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: Fails the tag when the SDK cannot be loaded
  code: |-
    mock('injectScript', (url, onSuccess, onFailure, cacheToken) => {
      onFailure();
    });
    runCode(mockData);
    assertApi('gtmOnFailure').wasCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
- name: Starts the SDK at once when it is already loaded, without injecting it again
  code: |-
    mock('copyFromWindow', (key) => key === 'IntentTracker.loaded');
    let called;
    mock('callInWindow', (path, onLowIntent, options) => {
      called = path;
    });
    runCode(mockData);
    assertThat(called).isEqualTo('IntentTracker.initIntentTracker');
    assertApi('injectScript').wasNotCalled();
    assertApi('gtmOnSuccess').wasCalled();
setup: |-
  const mockData = {
    sdkUrl: 'https://shop.example/intent/intent-tracker.min.js',
    configUrl: '/intent-config.json',
    threshold: '0.3',
    spa: true,
    consent: 'google-consent-mode',
    eventName: 'intent_low',
    debug: false
  };


___NOTES___

Intent Tracker tag for a shop that serves the SDK from its own host. Before use, edit the
Permissions tab: "Injects scripts" must allow exactly the URL in the "SDK script URL" field (the
shipped pattern, https://shop.example/intent/intent-tracker.min.js, is a placeholder). Fire once per
page (Tag firing options: Once per page) on Initialization - All Pages; never on History Change when
"Single-page app" is on. See examples/gtm/README.md. Checked outside GTM by
test/unit/gtm-template.test.ts (a node:vm dry run with fake sandbox APIs), not in GTM's own sandbox.
