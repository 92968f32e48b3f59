/**
 * The training and evaluation rows of visits in progress, built from session totals by the state
 * builder (./states.ts). The target is P(purchase | the state at page view k) among the sessions
 * still going at k, so every state of every session counts: training takes a sample in which each
 * state is kept with a probability that depends on its page view k only, never on its session (a
 * long session's states are kept as often as a short one's). Since k is an input of both models
 * (the typed page counts add up to it), a rate that depends on k alone shifts where training rows
 * lie without changing P(purchase | state). The early page views, where the SDK decides, are kept
 * {@link EARLY_BOOST} times as often as the rest. Evaluation takes every session's state at each
 * reported page view.
 */
import type { Dataset } from './csv';
import { rng } from './random';
import { DEFAULT_PAGE_MODEL, pageCount, sessionStates, type PageModel } from './states';

/** The page views the metrics and the card report (the SDK decides from `minPageViews`, default 3). */
export const REPORTED_PAGE_VIEWS = [1, 2, 3, 5, 8, 12] as const;

/** The page views the targets average over (issue 15): where a marketer's thresholds are applied. */
export const TARGET_PAGE_VIEWS = [1, 2, 3, 5, 8] as const;

/** A reported point of a visit: a page view, or the session's last page view. */
export type StatePoint = number | 'last';

/** Seed of the page layout of session i: `STATE_SEED + i`, so train and evaluate lay a file out alike. */
export const STATE_SEED = 2018;

/** States a training run samples (about): the learners train on these. */
export const TRAIN_STATES = 40_000;

/** Page views 1..EARLY_UNTIL are the early ones, sampled {@link EARLY_BOOST} times as often as later states. */
export const EARLY_UNTIL = 12;
export const EARLY_BOOST = 3;

/** The rows every learner reads, with the roles they play. */
export interface InProgress {
  /** Training states, evaluation states and the sessions' own rows, one Dataset (labels: the session's Revenue). */
  data: Dataset;
  /** Per row of `data`, the session (row of the input) it comes from. */
  session: number[];
  /** Rows of `data` training may use: a sample uniform over every state of every session. */
  train: number[];
  /** Rows of `data` with each session's state at a reported point, for the sessions still going there. */
  points: { at: StatePoint; rows: number[] }[];
  /** Rows of `data` with each session's totals as given: what the end-of-session model trains on. */
  totals: number[];
  /** The input's labels, one per session (folds are dealt over sessions, never states). */
  sessionLabels: number[];
  /** Share of all states the training sample kept at page views 1..EARLY_UNTIL, and later. */
  sampled: { early: number; late: number };
}

/**
 * Each session's state at each of `points`, laid out exactly as {@link buildInProgress} lays it out
 * (sessions with fewer typed pages than a page view are not going there and are left out of it).
 */
export function statesAt(
  sessions: Dataset,
  points: readonly StatePoint[],
  model = DEFAULT_PAGE_MODEL,
): (Dataset & { session: number[] })[] {
  const out = points.map(() => ({ rows: [] as Dataset['rows'], labels: [] as number[], session: [] as number[] }));
  sessions.rows.forEach((row, i) => {
    const states = sessionStates(row, rng(STATE_SEED + i), model);
    points.forEach((at, j) => {
      const k = at === 'last' ? states.length : at;
      if (k > states.length) return;
      out[j].rows.push(states[k - 1]);
      out[j].labels.push(sessions.labels[i]);
      out[j].session.push(i);
    });
  });
  return out.map((o) => ({ ...o, ...(sessions.extraColumns ? { extraColumns: sessions.extraColumns } : {}) }));
}

/**
 * Lays every session out as states (seeded per session), keeps a uniform sample of about
 * `trainStates` of them for training, every session's states at the reported points, and its row.
 */
export function buildInProgress(
  sessions: Dataset,
  opts: { trainStates?: number; model?: PageModel; seed?: number } = {},
): InProgress {
  const model = opts.model ?? DEFAULT_PAGE_MODEL;
  // Rates r (late) and EARLY_BOOST * r (early) such that about trainStates states are kept.
  let early = 0;
  let late = 0;
  for (const r of sessions.rows) {
    const n = Math.max(1, pageCount(r));
    early += Math.min(n, EARLY_UNTIL);
    late += n - Math.min(n, EARLY_UNTIL);
  }
  const want = opts.trainStates ?? TRAIN_STATES;
  const lateRate = Math.min(1, want / (EARLY_BOOST * early + late));
  const earlyRate = Math.min(1, EARLY_BOOST * lateRate);
  const sample = rng(opts.seed ?? STATE_SEED + 0x5eed);
  const rows: Dataset['rows'] = [];
  const labels: number[] = [];
  const session: number[] = [];
  const add = (row: Dataset['rows'][number], i: number): number => {
    rows.push(row);
    labels.push(sessions.labels[i]);
    session.push(i);
    return rows.length - 1;
  };
  const train: number[] = [];
  const points: InProgress['points'] = [...REPORTED_PAGE_VIEWS, 'last' as const].map((at) => ({ at, rows: [] }));
  sessions.rows.forEach((row, i) => {
    const states = sessionStates(row, rng(STATE_SEED + i), model);
    states.forEach((s, j) => {
      if (sample() < (j < EARLY_UNTIL ? earlyRate : lateRate)) train.push(add(s, i));
    });
    for (const p of points) {
      const k = p.at === 'last' ? states.length : p.at;
      if (k <= states.length) p.rows.push(add(states[k - 1], i));
    }
  });
  const totals = sessions.rows.map((row, i) => add(row, i));
  const data: Dataset = {
    rows,
    labels,
    ...(sessions.extraColumns ? { extraColumns: sessions.extraColumns } : {}),
    ...(sessions.hasPageStats ? { hasPageStats: session.map((i) => sessions.hasPageStats![i]) } : {}),
  };
  return {
    data,
    session,
    train,
    points,
    totals,
    sessionLabels: sessions.labels,
    sampled: { early: earlyRate, late: lateRate },
  };
}
