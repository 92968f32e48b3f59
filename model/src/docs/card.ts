import { DERIVED } from '../../../src/features/derived';
import type { Variant } from '../../../src/features/types';
import { VARIANTS } from '../../../src/model/artifact-format';
import { lineChart } from './charts';
import type { Scores } from '../evaluation/metrics';
import type { MetricsFile } from '../evaluation/report';

type Both = Record<Variant, MetricsFile>;

/** The targets the issue set for the 5-fold CV; the card shows each figure against them. */
export const TARGETS: Record<Variant, { rocAuc: number; prAuc: number; ece: number }> = {
  full: { rocAuc: 0.93, prAuc: 0.74, ece: 0.02 },
  behavioral: { rocAuc: 0.76, prAuc: 0.33, ece: 0.02 },
};

const n3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function row(name: string, s: Scores): string {
  return `| ${name} | ${n3(s.rocAuc)} | ${n3(s.prAuc)} | ${n3(s.f1)} | ${n3(s.precision)} | ${n3(s.recall)} | ${n3(s.accuracy)} | ${n3(s.brier)} | ${n3(s.ece)} |`;
}

function mark(value: number, target: number, higherIsBetter: boolean): string {
  return (higherIsBetter ? value >= target : value <= target) ? 'met' : '**missed**';
}

/** The headline table (README and card): CV figures of the shipped models against their targets. */
export function headlineTable(m: Both): string {
  const lines = ['| variant | ROC AUC | PR AUC | ECE | F1 | inputs | weights |', '|---|---|---|---|---|---|---|'];
  for (const v of VARIANTS) {
    const c = m[v].cv;
    const t = TARGETS[v];
    lines.push(
      `| \`${v}\` | ${n3(c.rocAuc)} (target >= ${t.rocAuc}: ${mark(c.rocAuc, t.rocAuc, true)}) | ${n3(c.prAuc)} (>= ${t.prAuc}: ${mark(c.prAuc, t.prAuc, true)}) | ${n3(c.ece)} (<= ${t.ece}: ${mark(c.ece, t.ece, false)}) | ${n3(c.f1)} | ${m[v].inputs.length} | ${(m[v].shipped.weightsBytes / 1024).toFixed(1)} KB |`,
    );
  }
  return lines.join('\n');
}

/** SVG charts drawn from the metrics files: file name -> content. */
export function charts(m: Both): Record<string, string> {
  const prevalence = m.full.data.purchases / m.full.data.rows;
  return {
    'roc.svg': lineChart('ROC, out-of-fold', 'false positive rate', 'true positive rate', [
      ...VARIANTS.map((v) => ({ name: `${v} (AUC ${n3(m[v].cv.rocAuc)})`, points: m[v].curves.roc })),
      {
        name: 'chance',
        points: [
          [0, 0],
          [1, 1],
        ],
        dashed: true,
      },
    ]),
    'pr.svg': lineChart(
      'Precision-recall, out-of-fold',
      'recall',
      'precision',
      [
        ...VARIANTS.map((v) => ({ name: `${v} (AP ${n3(m[v].cv.prAuc)})`, points: m[v].curves.pr })),
        {
          name: `purchase rate ${pct(prevalence)}`,
          points: [
            [0, prevalence],
            [1, prevalence],
          ],
          dashed: true,
        },
      ],
      { legendAt: [0.05, 0.36] },
    ),
    'reliability.svg': lineChart(
      'Reliability, out-of-fold (10 bins)',
      'predicted probability',
      'observed purchase rate',
      [
        ...VARIANTS.map((v) => ({
          name: `${v} (ECE ${n3(m[v].cv.ece)})`,
          points: m[v].reliability
            .filter((b) => b.count > 0)
            .map((b): [number, number] => [b.meanProbability, b.purchaseRate]),
        })),
        {
          name: 'perfect calibration',
          points: [
            [0, 0],
            [1, 1],
          ],
          dashed: true,
        },
      ],
      { markers: true },
    ),
  };
}

/** sha256 of model/data/online_shoppers_intention.train.csv: the card describes that file as published. */
const PUBLISHED_SAMPLE_SHA256 = 'a4112513a0e71c742dacf4fd59785d60bcfb89eafce7a05310497d2f87390f02';

function publishedData(f: MetricsFile): string {
  return `- UCI Machine Learning Repository, "Online Shoppers Purchasing Intention Dataset" (Sakar, Polat, Katircioglu,
  Kastro 2018, *Neural Computing and Applications* 31:6893-6908), licence CC BY 4.0.
- \`${f.data.file}\`: ${f.data.rows} sessions, ${f.data.purchases} purchases (${pct(f.data.purchases / f.data.rows)}),
  a fixed stratified 80% of the 12,330 sessions; sha256 \`${f.data.sha256}\`. The other 20% is held back by the
  project for independent evaluation and is not used here.
- One retailer, one year (2017 sessions, as published); each row is a **whole session's totals at its end**.`;
}

/** A retrain on other data (a shop's own sessions, possibly with the shipped rows appended). */
function ownData(f: MetricsFile, b: MetricsFile): string {
  const rows = (m: MetricsFile): string =>
    `${m.data.rows} sessions, ${m.data.purchases} purchases (${pct(m.data.purchases / m.data.rows)})`;
  return `- \`${f.data.file}\` (sha256 \`${f.data.sha256}\`), in the UCI schema: not the published
  sample, e.g. a shop's own sessions exported by the SDK (\`npm run export-csv\`).
- \`full\`: ${rows(f)}${f.data.rows < b.data.rows ? ' (the rows with page statistics)' : ''}; \`behavioral\`: ${rows(b)}.
- Each row is a **whole session's totals at its end**.`;
}

/** The sentence on categorical inputs beyond Month and VisitorType, when a retrain added some. */
function extraInputs(f: MetricsFile): string {
  const extra = [
    ...new Set(f.inputs.filter((n) => /^(browserFamily|trafficSource)=/.test(n)).map((n) => n.split('=')[0])),
  ];
  return extra.length
    ? `
This model also has ${extra.map((c) => `\`${c}\``).join(' and ')} from the shop's export as one-hot inputs: every
session it scores must carry ${extra.length > 1 ? 'them' : 'it'}.`
    : '';
}

/** The paragraph on the derived session totals (src/features/derived.ts), for the variants whose inputs have them. */
function totals(f: MetricsFile, b: MetricsFile): string {
  const names = Object.keys(DERIVED);
  const has = (m: MetricsFile) => m.inputs.some((input) => names.some((n) => input === n || input.endsWith(`(${n})`)));
  const which = [f, b].filter(has).map((m) => `\`${m.variant}\``);
  if (which.length === 0) return '';
  const choice =
    f.data.sha256 !== PUBLISHED_SAMPLE_SHA256
      ? ''
      : `
Which variants get them was decided on other fold seeds than the reported one. Those reshuffle the same rows, so the
figures below are not wholly independent of that choice; the held-back 20% of the UCI data is.`;
  return `${which.join(' and ')} also ${which.length > 1 ? 'get' : 'gets'} ${names.length} session totals derived from the counts and durations
(\`src/features/derived.ts\`): ${names.map((n) => `\`${n}\``).join(', ')}. A net fed log counts cannot form their
sums or ratios itself.${choice}

`;
}

/** The model card, generated from the two metrics files only: no number in it is typed by hand. */
export function modelCard(m: Both, chartDir: string): string {
  const f = m.full;
  const b = m.behavioral;
  const out: string[] = [];
  out.push(`# Model card: purchase intent

<!-- Generated by \`npm run train\` (or \`npm run card\`) from model/artifacts/*/metrics.json. Do not edit by hand. -->

Two small neural networks score how likely a shop visit is to end in a purchase, inside the visitor's browser.

| | \`full\` | \`behavioral\` |
|---|---|---|
| model version | \`${f.modelVersion}\` | \`${b.modelVersion}\` |
| inputs | ${f.inputs.length} | ${b.inputs.length} |
| architecture | Dense(${f.shipped.hiddenUnits}, relu) -> Dense(1, sigmoid) | Dense(${b.shipped.hiddenUnits}, relu) -> Dense(1, sigmoid) |
| weights | ${f.shipped.weightsBytes} bytes | ${b.shipped.weightsBytes} bytes |
| shipped decision threshold (max F1 out-of-fold) | ${n3(f.shipped.threshold)} | ${n3(b.shipped.threshold)} |
| training time (CV, baselines, ablation, final fit; the variants train in parallel) | ${f.trainingSeconds.toFixed(0)} s | ${b.trainingSeconds.toFixed(0)} s |

## Data

${f.data.sha256 === PUBLISHED_SAMPLE_SHA256 ? publishedData(f) : ownData(f, b)}

## Features

Both variants use only what a visitor's browser can reproduce: page counts and durations per page type
(administrative, informational, product), the special-day closeness, month, visitor type and weekend.
\`full\` adds the three Google Analytics page statistics the shop supplies (bounce rate, exit rate, page value,
averaged over the session's pages). The four anonymised integer codes (OperatingSystems, Browser, Region,
TrafficType) are never used: no live site can produce them.${extraInputs(f)}

Counts, durations and PageValues are \`log1p\`-transformed, every numeric input is standardised with the training
rows' mean and standard deviation, \`full\` also gets the indicator PageValues > 0, and Month and VisitorType are
one-hot. A category the training rows never had (the months Jan and Apr are absent) encodes as the training
share of each category, i.e. an average month. The fitted encoder is \`encoder.json\` beside each model, read by
the same module (\`src/features/encode.ts\`) in training and in the browser.

${totals(f, b)}Inputs of \`full\`: ${f.inputs.map((x) => `\`${x}\``).join(', ')}.

Inputs of \`behavioral\`: ${b.inputs.map((x) => `\`${x}\``).join(', ')}.

## Training and evaluation

- ${f.evaluation.folds}-fold stratified cross-validation (seed ${f.evaluation.foldSeed}), out-of-fold predictions
  pooled over all ${f.data.rows} rows. ${f.evaluation.method[0].toUpperCase()}${f.evaluation.method.slice(1)}
  (${f.evaluation.innerFolds} inner folds). No test fold is ever used to choose anything.
- The teacher: gradient-boosted trees (\`model/src/learners/gbt.ts\`: depth ${f.teacher.gbt.maxDepth}, learning rate
  ${f.teacher.gbt.learningRate}, row subsample ${f.teacher.gbt.subsample}, early stopping). Each training row gets
  the probability of trees that never saw it (fitted on the other inner folds but one, stopped on that one), and the
  net learns from ${pct(1 - f.teacher.weight)} label + ${pct(f.teacher.weight)} teacher probability (knowledge
  distillation): trees and nets make different mistakes on these few, coarse inputs, and the net keeps the small,
  browser-friendly form. The trees are not shipped.
- The network: ${f.evaluation.innerFolds} members of ${f.net.hidden} hidden units, cross-fitted: member *k* trains on
  every inner fold but *k* and stops early on fold *k*'s log-loss (patience ${f.net.patience}, at most
  ${f.net.maxEpochs} epochs), so together they see every training row. Adam (lr ${f.net.learningRate}), batch
  ${f.net.batchSize}, L2 ${f.net.l2}. Their log-odds are averaged and Platt-scaled on each row's logit from the member
  that did not train on it; both steps are linear, so they fold into the output layer and the shipped file is a plain
  two-layer LayersModel whose output is already calibrated. The hyper-parameters are fixed constants in
  \`model/src/learners/net.ts\` and \`model/src/evaluation/cross-validate.ts\`, chosen on other fold seeds than the
  reported one.
- Baselines on the same folds: majority class, k-nearest neighbours (k = 5, standardised untransformed features),
  L2 logistic regression on the encoded features, and the boosted trees alone (the teacher's model family, a
  reference for what the inputs allow); each trains on inner folds 1.. and picks its threshold on inner fold 0.
- F1, precision, recall and accuracy use, per fold, the threshold maximising F1 on that fold's training part
  (the net: its cross-fitted probabilities; the baselines: inner fold 0).
  The shipped threshold maximises F1 on the pooled out-of-fold predictions.

## Results (out-of-fold)

${headlineTable(m)}
`);
  for (const v of [f, b]) {
    out.push(`### \`${v.variant}\`

| model | ROC AUC | PR AUC | F1 | precision | recall | accuracy | Brier | ECE |
|---|---|---|---|---|---|---|---|---|
${row('**neural ensemble (shipped)**', v.cv)}
${row('gradient-boosted trees (the teacher, not shipped)', v.baselines.gbt)}
${row('logistic regression', v.baselines.logistic)}
${row('k-nearest neighbours (k=5)', v.baselines.knn)}
${row('majority class', v.baselines.majority)}

ROC AUC per fold: ${v.cv.rocAucFolds.map(n3).join(', ')}; PR AUC per fold: ${v.cv.prAucFolds.map(n3).join(', ')}.
95% interval of the shipped model's ROC AUC: ${n3(v.cv.rocAuc95.low)} to ${n3(v.cv.rocAuc95.high)} (DeLong, from the pooled
out-of-fold predictions; it covers which sessions were sampled, not the randomness of training).
`);
  }
  out.push(`### Ablation: the anonymised codes

${
  f.ablation || b.ablation
    ? `The same method (teacher and network) and folds, with the four anonymised codes added as one-hot inputs:

| variant | ROC AUC without | ROC AUC with | PR AUC without | PR AUC with |
|---|---|---|---|---|
${[f, b]
  .filter((v) => v.ablation)
  .map((v) => {
    const a = v.ablation as NonNullable<MetricsFile['ablation']>;
    return `| \`${v.variant}\` | ${n3(a.withoutCodes.rocAuc)} | ${n3(a.withCodes.rocAuc)} | ${n3(a.withoutCodes.prAuc)} | ${n3(a.withCodes.prAuc)} |`;
  })
  .join('\n')}`
    : "Not run: in this file the codes are constant (a shop's export has none), or the shipped rows were appended."
}

## Charts

![ROC curves](${chartDir}/roc.svg) ![Precision-recall curves](${chartDir}/pr.svg) ![Reliability diagram](${chartDir}/reliability.svg)

## Limitations

- **End-of-session totals.** Every training row describes a finished session. In the browser the model scores a
  session in progress, whose counts and durations are still growing, so early scores run lower than the score the
  same visit gets at its end. A threshold of 0.2 means "about 20% of *finished* sessions scored like this bought";
  set thresholds with that in mind, gate scoring on a few page views (\`minPageViews\`), and prefer the threshold
  tuner's shares over raw probabilities.
- **One retailer, 2017.** Page types, prices and seasonality are that shop's. Retrain on your own sessions when you
  have them.
- **Page durations** follow Google Analytics: the last page of a session has no duration. The SDK reproduces this.
- **\`behavioral\` is weak.** Without the page statistics the ranking is modest; use it for broad targeting only.
- **Calibration is measured on the training file's folds.** A shop whose visitors convert at another rate will see
  shifted probabilities.

Environment: Node ${f.environment.node}, @tensorflow/tfjs ${f.environment.tfjs}, backend ${f.environment.backend}.
`);
  return out.join('\n');
}
