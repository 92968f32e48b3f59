/**
 * The model card's "Leave risk" section and chart, generated from the metrics files' leave-risk
 * figures (model/src/training/leave-risk.ts): no number in it is typed by hand.
 */
import type { Variant } from '../../../src/features/types';
import { ARTIFACT_FILES, VARIANTS } from '../../../src/model/artifact-format';
import { overTargets, TARGET_PAGE_VIEWS } from '../data/in-progress';
import type { MetricsFile } from '../evaluation/report';
import { reliabilityChart } from './charts';

type Both = Record<Variant, MetricsFile>;

const n3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Bytes a leave-risk output sharing the purchase net's hidden layer would not need: all but its output layer. */
const shared = (v: MetricsFile): number => v.leaveRisk.shipped.weightsBytes - (v.leaveRisk.shipped.hiddenUnits + 1) * 4;

/** The page views that have leave-risk figures (every reported one; not the last, where every session leaves). */
const leavePoints = (v: MetricsFile) => v.pageViews.flatMap((p) => (p.leaveRisk ? [{ at: p.at, ...p.leaveRisk }] : []));

/** One variant's leave-risk figures per page view, against the boosted trees and the base rate. */
function table(v: MetricsFile): string {
  const lines = [
    '| page view | sessions going | ending within 2 more | mean predicted | ROC AUC (95% interval) | ECE | Brier | boosted trees: ROC AUC / ECE | majority (base rate): ROC AUC / ECE |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const p of leavePoints(v)) {
    const { model: m, baselines: b } = p;
    lines.push(
      `| ${p.at} | ${p.sessions} | ${pct(p.leaving / p.sessions)} | ${pct(m.meanPredicted)} | **${n3(m.rocAuc)}** (${n3(m.rocAuc95.low)} to ${n3(m.rocAuc95.high)}) | **${n3(m.ece)}** | ${n3(m.brier)} | ${n3(b.gbt.rocAuc)} / ${n3(b.gbt.ece)} | ${n3(b.majority.rocAuc)} / ${n3(b.majority.ece)} |`,
    );
  }
  return lines.join('\n');
}

/** Mean ROC AUC and worst ECE over the target page views, for the model and the boosted trees. */
function summary(v: MetricsFile): string {
  const pts = leavePoints(v);
  const model = overTargets(pts.map((p) => ({ at: p.at, ...p.model })));
  const gbt = overTargets(pts.map((p) => ({ at: p.at, ...p.baselines.gbt })));
  const l = v.leaveRisk;
  return `\`${v.variant}\`: over page views ${TARGET_PAGE_VIEWS.join(', ')}, mean ROC AUC ${n3(model.rocAuc)} (boosted trees ${n3(gbt.rocAuc)}), worst ECE ${n3(model.ece)} (boosted trees ${n3(gbt.ece)}). Pooled over the reported page views: ROC AUC ${n3(l.cv.rocAuc)} (per fold ${l.cv.rocAucFolds.map(n3).join(', ')}), ECE ${n3(l.cv.ece)}, mean predicted ${pct(l.cv.meanPredicted)}; boosted trees ${n3(l.baselines.gbt.rocAuc)} / ${n3(l.baselines.gbt.ece)}.`;
}

/** The pooled reliability bins of both variants side by side. */
function reliabilityTable(m: Both): string {
  const lines = [
    `| predicted | ${VARIANTS.map((v) => `\`${v}\`: states / mean predicted / observed`).join(' | ')} |`,
    `|---|${VARIANTS.map(() => '---').join('|')}|`,
  ];
  m[VARIANTS[0]].leaveRisk.reliability.forEach((bin, i) => {
    const cells = VARIANTS.map((v) => {
      const b = m[v].leaveRisk.reliability[i];
      return b.count ? `${b.count} / ${pct(b.meanProbability)} / ${pct(b.purchaseRate)}` : '0';
    });
    lines.push(`| ${n3(bin.lower)} to ${n3(bin.upper)} | ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}

/** The leave-risk reliability chart: file name -> SVG. */
export function leaveCharts(m: Both): Record<string, string> {
  return {
    'leave-reliability.svg': reliabilityChart(
      'Leave risk: reliability, out-of-fold (10 bins)',
      'predicted leave risk',
      'observed share ending within 2 page views',
      VARIANTS.map((v) => ({ name: `${v} (ECE ${n3(m[v].leaveRisk.cv.ece)})`, bins: m[v].leaveRisk.reliability })),
    ),
  };
}

/**
 * Why `full`'s leave risk reads better than `behavioral`'s: the session-wide page-statistic averages
 * every state carries (the simulation's assumption) depend on how many pages the session had.
 */
function pageStatisticsCaveat(m: Both): string {
  const first = (v: MetricsFile) => leavePoints(v)[0];
  const [f, b] = [first(m.full), first(m.behavioral)];
  if (!f || !b || f.at !== b.at) return '';
  return `
- **\`full\`'s figures are optimistic.** Every state carries the session's final
  averages of bounce rate, exit rate and page value (the page-statistics assumption above), and those depend on how
  many pages the session had: a short visit's pages are mostly its entry and exit pages. At page view ${f.at} \`full\`
  ranks leaving at ROC AUC ${n3(f.model.rocAuc)} against \`behavioral\`'s ${n3(b.model.rocAuc)} on the same states;
  a live visit's running averages cannot know its own length that early, so expect \`full\` nearer \`behavioral\`
  until this is measured on real page views (an export with per-page statistics).`;
}

/** The card's "Leave risk" section. */
export function leaveRiskSection(m: Both, chartDir: string): string {
  const f = m.full;
  return `## Leave risk

A second, separate net per variant (\`${ARTIFACT_FILES.leaveModel}\` + \`${ARTIFACT_FILES.leaveWeights}\`, target
\`${f.leaveRisk.target}\`) gives the probability that the visit **ends within the next 2 page views**, from the same
state the purchase model scores; the SDK reports it as \`leaveRisk\` next to \`probability\`.

- **Label** (\`model/src/data/leave.ts\`): ${f.leaveRisk.definition}. The UCI totals give a session's number of pages, so
  under the state simulation above every state knows how many page views it has left. The states, their sampling
  and the page-order assumption are the purchase model's, and so is the caveat: real visits are not uniformly
  shuffled.
- **Training**: the same learner code as the purchase net, unchanged (teacher trees, ${f.evaluation.innerFolds}
  cross-fitted members of ${f.net.hidden} hidden units, each with its own early stopping, averaged and Platt-scaled
  into one Dense(${f.leaveRisk.shipped.hiddenUnits}, relu) -> Dense(1, sigmoid) net), on the same sampled states, the same session-grouped folds and inner folds,
  and the same encoder: training refits it and stops if it differs from the purchase model's, and the runtime encodes
  a record once for both nets. Weights: ${VARIANTS.map((v) => `\`${v}\` ${m[v].leaveRisk.shipped.weightsBytes} bytes`).join(', ')}. Training
  it (CV, baselines, final fit) took ${VARIANTS.map((v) => `${m[v].leaveRisk.trainingSeconds.toFixed(0)} of \`${v}\`'s ${m[v].trainingSeconds.toFixed(0)} s`).join(' and ')}.
- **Why its own file** rather than a second output of the purchase net: the purchase model, its training and every
  figure above stay exactly as they were, and each target gets its own early stopping and calibration. Sharing the
  hidden layer would save ${kb(shared(f))} of weights per variant (all but the output layer's ${f.leaveRisk.shipped.hiddenUnits + 1} floats) and
  a second training run, but couple the two trainings. The leave-model.json metadata names the
  purchase model's version; the runtime refuses a leave-risk model of another training run, and a folder without one
  (a 404) still loads, with \`leaveRisk\` null.
- **How sure**: out-of-fold on the ${f.evaluation.folds} folds above; the 95% intervals are DeLong's (which sessions
  were sampled, not the randomness of training or of the page-order simulation). At the last page view every
  session leaves, so there is nothing to rank and it has no row.${pageStatisticsCaveat(m)}

${VARIANTS.map((v) => `### \`${v}\`\n\n${table(m[v])}\n\n${summary(m[v])}`).join('\n\n')}

### Reliability

Pooled over the reported page views, out-of-fold (observed: the share of those states whose visit ended within 2
more page views):

${reliabilityTable(m)}

![Leave-risk reliability diagram](${chartDir}/leave-reliability.svg)
`;
}
