/**
 * Did the offers change purchases? Compares the purchase rate of sessions that got an offer (arm
 * `treatment`, `offered` TRUE) with that of holdout sessions for which the policy decided an offer
 * but showed none (arm `control`, `offered` TRUE): the same decision, randomly withheld. Overall, per
 * band of the session's highest score (`maxScore`), and per trigger and page view of the session's
 * first decision, so a shop can compare the `pageview` and `exit-intent` triggers on its own holdout.
 *
 * Intervals (95%): the Wilson score interval for each rate; for the difference of rates (offered
 * minus holdout) Newcombe's hybrid score interval ("method 10", Newcombe 1998, Statistics in Medicine
 * 17:873-890), built from the two Wilson intervals. No normal approximation: the rates are small and
 * bands thin, where the Wald interval undercovers.
 */
import { newcombe, wilson, type Interval } from '../evaluation/intervals';
import type { DecisionTrigger } from './session-export';

/** Fewer sessions than this in an arm and the report does not conclude. */
export const MIN_SESSIONS_PER_ARM = 30;

/** Bands of `maxScore`: [from, to), the last one closed at 1. */
export const SCORE_BANDS: readonly [number, number][] = [
  [0, 0.05],
  [0.05, 0.1],
  [0.1, 0.2],
  [0.2, 0.3],
  [0.3, 1],
];

/**
 * Bands of the page view of a session's first decision, [from, to]: each starts at a page view the
 * tuner reports (1, 2, 3, 5, 8, 12), so a band's result can be set beside the tuner's figures there.
 */
export const PAGE_BANDS: readonly [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 4],
  [5, 7],
  [8, 11],
  [12, Infinity],
];

/** One decision as the report needs it (`SessionExport.decisions` without the offer id). */
export interface UpliftDecision {
  pageIndex: number;
  trigger: DecisionTrigger;
  arm: 'treatment' | 'control';
}

/** One session as the report needs it (columns of `npm run export-csv`, or an exported record). */
export interface UpliftSession {
  arm: 'treatment' | 'control';
  offered: boolean;
  purchased: boolean;
  /** Highest score of the session, null when it was never scored. */
  maxScore: number | null;
  /**
   * The session's decisions in the order recorded; null when the source does not carry them (a CSV,
   * or an SDK that exported no `decisions`): the trigger is then reported as `unknown`.
   */
  decisions: readonly UpliftDecision[] | null;
}

/** Purchases among the sessions of one arm. */
export interface ArmResult {
  sessions: number;
  purchases: number;
  /** null when there are no sessions. */
  rate: number | null;
  ci: Interval | null;
}

/** One row of the report. */
export interface Comparison {
  /** `all offered`, `maxScore [0.05, 0.1)`, `maxScore unscored`, or `all sessions (intent-to-treat)`. */
  group: string;
  /** The sessions that got the offer (treatment), or the whole treatment arm for intent-to-treat. */
  offered: ArmResult;
  /** The held-out sessions with the same decision (control), or the whole control arm. */
  holdout: ArmResult;
  /** Offered minus holdout purchase rate; null when an arm is empty. */
  difference: (Interval & { estimate: number }) | null;
  /** True only with enough sessions and an interval of the difference that excludes 0. */
  conclusive: boolean;
  verdict: string;
}

/** The whole report. */
export interface UpliftReport {
  sessions: number;
  confidence: 0.95;
  methods: { rate: 'wilson'; difference: 'newcombe-hybrid-score' };
  minSessionsPerArm: number;
  /** All offered, then each score band (and `unscored` if any offered session had no score). */
  comparisons: Comparison[];
  /** Every session of each arm, offered or not: the randomised comparison of the whole policy. */
  intentToTreat: Comparison;
  /**
   * Offered sessions by the trigger of their first decision (`unknown` when not recorded), each
   * followed by its non-empty page-view bands (groups `trigger pageview`, `trigger pageview, page views 3-4`).
   */
  byTrigger: Comparison[];
  /** Every recorded decision (not only the first), counted by trigger, page-view band and arm. */
  decisions: { trigger: DecisionTrigger; pages: string; treatment: number; control: number }[];
}

function arm(list: readonly UpliftSession[]): ArmResult {
  const purchases = list.filter((s) => s.purchased).length;
  return list.length
    ? { sessions: list.length, purchases, rate: purchases / list.length, ci: wilson(purchases, list.length) }
    : { sessions: 0, purchases: 0, rate: null, ci: null };
}

/** Compares two groups and says in words what can be concluded. */
export function compare(
  group: string,
  treated: readonly UpliftSession[],
  control: readonly UpliftSession[],
): Comparison {
  const offered = arm(treated);
  const holdout = arm(control);
  if (!offered.sessions || !holdout.sessions) {
    const none =
      !offered.sessions && !holdout.sessions
        ? 'no sessions'
        : `no ${offered.sessions ? 'holdout' : 'offered'} sessions`;
    return { group, offered, holdout, difference: null, conclusive: false, verdict: `${none}: nothing to compare` };
  }
  const n = newcombe(offered.purchases, offered.sessions, holdout.purchases, holdout.sessions);
  const difference = { estimate: n.difference, low: n.low, high: n.high };
  if (offered.sessions < MIN_SESSIONS_PER_ARM || holdout.sessions < MIN_SESSIONS_PER_ARM) {
    return {
      group,
      offered,
      holdout,
      difference,
      conclusive: false,
      verdict: `too few sessions to conclude (fewer than ${MIN_SESSIONS_PER_ARM} in an arm)`,
    };
  }
  if (n.low <= 0 && n.high >= 0)
    return { group, offered, holdout, difference, conclusive: false, verdict: 'no detectable difference' };
  return {
    group,
    offered,
    holdout,
    difference,
    conclusive: true,
    verdict: n.low > 0 ? 'offers raised the purchase rate' : 'offers lowered the purchase rate',
  };
}

const bandLabel = ([from, to]: [number, number], last: boolean): string =>
  `maxScore [${from}, ${to}${last ? ']' : ')'}`;

/** `page view 2`, `page views 3-4`, `page views 12+`. */
const pageLabel = ([from, to]: readonly [number, number]): string =>
  from === to ? `page view ${from}` : `page views ${from}${to === Infinity ? '+' : `-${to}`}`;

/** The page-view band of a page index (every index from 1 is in one). */
const pageBand = (pageIndex: number): readonly [number, number] =>
  PAGE_BANDS.find(([from, to]) => pageIndex >= from && pageIndex <= to) ?? PAGE_BANDS[PAGE_BANDS.length - 1];

/**
 * The decision that put the session in its arm's comparison: the earliest page view, the first
 * recorded on a tie; null when decisions were not recorded (or none, though the session was offered).
 */
export function firstDecision(s: UpliftSession): UpliftDecision | null {
  if (!s.decisions?.length) return null;
  return s.decisions.reduce((a, d) => (d.pageIndex < a.pageIndex ? d : a));
}

const TRIGGER_ROWS: readonly (DecisionTrigger | 'unknown')[] = ['pageview', 'exit-intent', 'unknown'];

/** Comparisons per trigger of the first decision, each with its non-empty page-view bands. */
function byTrigger(treated: readonly UpliftSession[], control: readonly UpliftSession[]): Comparison[] {
  const triggerOf = (s: UpliftSession): DecisionTrigger | 'unknown' => firstDecision(s)?.trigger ?? 'unknown';
  const rows: Comparison[] = [];
  for (const trigger of TRIGGER_ROWS) {
    const t = treated.filter((s) => triggerOf(s) === trigger);
    const c = control.filter((s) => triggerOf(s) === trigger);
    if (!t.length && !c.length) continue;
    rows.push(compare(`trigger ${trigger}`, t, c));
    if (trigger === 'unknown') continue; // no decision, no page view
    for (const band of PAGE_BANDS) {
      const inBand = (s: UpliftSession): boolean => pageBand(firstDecision(s)!.pageIndex) === band;
      if (t.some(inBand) || c.some(inBand))
        rows.push(compare(`trigger ${trigger}, ${pageLabel(band)}`, t.filter(inBand), c.filter(inBand)));
    }
  }
  return rows;
}

/** Every recorded decision counted by trigger, page-view band and arm (rows with no decision left out). */
function decisionCounts(sessions: readonly UpliftSession[]): UpliftReport['decisions'] {
  const all = sessions.flatMap((s) => s.decisions ?? []);
  const rows: UpliftReport['decisions'] = [];
  for (const trigger of ['pageview', 'exit-intent'] as const)
    for (const band of PAGE_BANDS) {
      const here = all.filter((d) => d.trigger === trigger && pageBand(d.pageIndex) === band);
      if (here.length)
        rows.push({
          trigger,
          pages: pageLabel(band),
          treatment: here.filter((d) => d.arm === 'treatment').length,
          control: here.filter((d) => d.arm === 'control').length,
        });
    }
  return rows;
}

/** The report over all sessions: overall, per score band, and intent-to-treat. */
export function upliftReport(sessions: readonly UpliftSession[]): UpliftReport {
  const treated = sessions.filter((s) => s.offered && s.arm === 'treatment');
  const control = sessions.filter((s) => s.offered && s.arm === 'control');
  const comparisons = [compare('all offered', treated, control)];
  SCORE_BANDS.forEach((band, i) => {
    const last = i === SCORE_BANDS.length - 1;
    const inBand = (s: UpliftSession): boolean =>
      s.maxScore !== null && s.maxScore >= band[0] && (last ? s.maxScore <= band[1] : s.maxScore < band[1]);
    comparisons.push(compare(bandLabel(band, last), treated.filter(inBand), control.filter(inBand)));
  });
  const unscored = (s: UpliftSession): boolean => s.maxScore === null;
  if (treated.some(unscored) || control.some(unscored))
    comparisons.push(compare('maxScore unscored', treated.filter(unscored), control.filter(unscored)));
  return {
    sessions: sessions.length,
    confidence: 0.95,
    methods: { rate: 'wilson', difference: 'newcombe-hybrid-score' },
    minSessionsPerArm: MIN_SESSIONS_PER_ARM,
    comparisons,
    intentToTreat: compare(
      'all sessions (intent-to-treat)',
      sessions.filter((s) => s.arm === 'treatment'),
      sessions.filter((s) => s.arm === 'control'),
    ),
    byTrigger: byTrigger(treated, control),
    decisions: decisionCounts(sessions),
  };
}

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const pp = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

function armCells(a: ArmResult): string {
  return `${a.sessions} | ${a.purchases} | ${pct(a.rate)}${a.ci ? ` [${pct(a.ci.low)}, ${pct(a.ci.high)}]` : ''}`;
}

function row(c: Comparison): string {
  const d = c.difference ? `${pp(c.difference.estimate)} pp [${pp(c.difference.low)}, ${pp(c.difference.high)}]` : '-';
  return `| ${c.group} | ${armCells(c.offered)} | ${armCells(c.holdout)} | ${d} | ${c.verdict} |`;
}

/** The report as a readable table (Markdown), with the methods spelt out underneath. */
export function formatUplift(r: UpliftReport, file: string): string {
  const head = (a: string, b: string): string[] => [
    `| group | ${a} | bought | rate [95% CI] | ${b} | bought | rate [95% CI] | ${a} - ${b} [95% CI] | verdict |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  return [
    `${file}: ${r.sessions} sessions. offered: treatment arm, an offer shown; holdout: control arm, an offer decided but withheld.`,
    '',
    ...head('offered', 'holdout'),
    ...r.comparisons.map(row),
    '',
    'The whole policy, every session of each arm (offered or not):',
    '',
    ...head('treatment', 'control'),
    row(r.intentToTreat),
    '',
    "Offered sessions by the trigger and page view of the session's first decision (unknown: not recorded):",
    '',
    ...head('offered', 'holdout'),
    ...r.byTrigger.map(row),
    '',
    ...(r.decisions.length
      ? [
          'Every decision recorded (a session can have several), by trigger and page view:',
          '',
          '| trigger | page view | treatment (shown) | control (withheld) |',
          '|---|---|---|---|',
          ...r.decisions.map((d) => `| ${d.trigger} | ${d.pages} | ${d.treatment} | ${d.control} |`),
        ]
      : [
          'No decisions recorded: a CSV does not carry them, nor do exports of SDKs without `decisions`;',
          'run uplift with --records on the exported sessions to compare triggers.',
        ]),
    '',
    `95% intervals: Wilson score for each rate, Newcombe's hybrid score for the difference (percentage points).`,
    `No conclusion with fewer than ${r.minSessionsPerArm} sessions in an arm, or when the difference's interval includes 0.`,
    'The bands and trigger rows are several comparisons at once: one excluding 0 by chance is not unusual.',
    "Each trigger is compared with its own holdout: who shows exit intent is not random, so set the triggers' differences side by side, not their rates.",
  ].join('\n');
}
