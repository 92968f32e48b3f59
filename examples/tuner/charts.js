// The tuner's two charts, drawn as SVG with DOM calls (no chart library, nothing fetched). Each
// draw sizes the viewBox to the width the SVG is shown at, so a 12-unit label is a 12 px label on a
// phone and on a desktop alike (a fixed viewBox would shrink the text on narrow screens); the page
// redraws when the width changes. Text is set with textContent only.

const NS = 'http://www.w3.org/2000/svg';
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** One SVG element with attributes and optional text. */
function el(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The drawing width: the SVG's shown width within [min, max], or `fallback` before layout. */
function widthOf(svg, min, max, fallback) {
  const shown = Math.round(svg.getBoundingClientRect().width);
  return shown ? Math.min(max, Math.max(min, shown)) : fallback;
}

/** A plot area inside `width` x `height` with margins; x and y map 0..1 into it. */
function frame(width, height, m) {
  return {
    x: (v) => m.left + v * (width - m.left - m.right),
    y: (v) => height - m.bottom - v * (height - m.top - m.bottom),
    m,
    width,
    height,
  };
}

/** Grid lines, tick labels (x as probabilities, y as percent) and axis titles. */
function axes(f, xTitle, yTitle) {
  const g = el('g', { class: 'axes' });
  for (const t of TICKS) {
    g.append(el('line', { class: 'grid', x1: f.x(t), x2: f.x(t), y1: f.y(0), y2: f.y(1) }));
    g.append(el('line', { class: 'grid', x1: f.x(0), x2: f.x(1), y1: f.y(t), y2: f.y(t) }));
    g.append(el('text', { x: f.x(t), y: f.y(0) + 14, 'text-anchor': 'middle' }, String(t)));
    g.append(el('text', { x: f.x(0) - 4, y: f.y(t) + 4, 'text-anchor': 'end' }, `${Math.round(t * 100)}%`));
  }
  g.append(el('text', { class: 'title', x: (f.x(0) + f.x(1)) / 2, y: f.height - 4, 'text-anchor': 'middle' }, xTitle));
  const yMid = (f.y(0) + f.y(1)) / 2;
  g.append(
    el(
      'text',
      { class: 'title', x: 12, y: yMid, 'text-anchor': 'middle', transform: `rotate(-90 12 ${yMid})` },
      yTitle,
    ),
  );
  return g;
}

/** A polyline through [x, y] points in 0..1. */
function line(f, points, cls) {
  return el('polyline', {
    class: cls,
    points: points.map(([x, y]) => `${f.x(x).toFixed(1)},${f.y(y).toFixed(1)}`).join(' '),
  });
}

/**
 * The threshold chart: share offered, bought anyway and non-buyers reached against the threshold,
 * with a vertical marker per tier.
 * @param {SVGSVGElement} svg
 * @param {(t: number) => { shareBelow: number, purchaseRateBelow: number, nonBuyersReached: number }} at the table at threshold t
 * @param {{ id: string, below: number }[]} tiers
 */
export function lineChart(svg, at, tiers) {
  const width = widthOf(svg, 280, 720, 440);
  const height = Math.round(Math.min(380, Math.max(240, width * 0.66)));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const f = frame(width, height, { left: 44, right: 12, top: 30, bottom: 34 });
  const ts = Array.from({ length: 101 }, (_, i) => i / 100);
  const rows = ts.map(at);
  // The rate is undefined where nobody is below the threshold, so that curve starts at the first session.
  const bought = rows.filter((r) => r.shareBelow > 0);
  svg.replaceChildren(
    el('title', {}, 'Share of sessions offered, bought anyway and non-buyers reached, by threshold'),
    axes(f, 'Threshold (offer below this probability)', 'Share'),
    line(
      f,
      rows.map((r, i) => [ts[i], r.shareBelow]),
      'curve share',
    ),
    line(
      f,
      bought.map((r) => [r.threshold, r.purchaseRateBelow]),
      'curve bought',
    ),
    line(
      f,
      rows.map((r, i) => [ts[i], r.nonBuyersReached]),
      'curve nonbuyers',
    ),
    ...[...tiers].sort((a, b) => a.below - b.below).map((t, i) => marker(f, t, i)),
  );
}

/** A tier's vertical line and its id; labels alternate between two rows so close tiers stay legible. */
function marker(f, tier, i) {
  const x = f.x(tier.below);
  const anchor = tier.below < 0.12 ? 'start' : tier.below > 0.88 ? 'end' : 'middle';
  const label = tier.id.length > 16 ? `${tier.id.slice(0, 15)}…` : tier.id;
  const g = el('g', { class: 'marker' });
  g.append(
    el('line', { x1: x, x2: x, y1: f.y(0), y2: f.m.top - 2 }),
    el('text', { x, y: i % 2 ? 24 : 11, 'text-anchor': anchor }, label),
  );
  return g;
}

/**
 * The reliability chart: each non-empty bin's mean probability against its purchase rate, point
 * area by count, and the diagonal of a perfectly calibrated model.
 * @param {SVGSVGElement} svg
 * @param {{ lower: number, upper: number, count: number, meanProbability: number, purchaseRate: number }[]} bins
 */
export function reliabilityChart(svg, bins) {
  const size = widthOf(svg, 240, 420, 300);
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  const f = frame(size, size, { left: 44, right: 12, top: 12, bottom: 34 });
  const used = bins.filter((b) => b.count > 0);
  const most = Math.max(...used.map((b) => b.count));
  svg.replaceChildren(
    el('title', {}, 'Reliability: predicted probability against the share that bought'),
    axes(f, 'Predicted probability', 'Share that bought'),
    line(
      f,
      [
        [0, 0],
        [1, 1],
      ],
      'diagonal',
    ),
    line(
      f,
      used.map((b) => [b.meanProbability, b.purchaseRate]),
      'curve reliability',
    ),
    ...used.map((b) => {
      const dot = el('circle', {
        class: 'bin',
        cx: f.x(b.meanProbability),
        cy: f.y(b.purchaseRate),
        r: (2.5 + 5 * Math.sqrt(b.count / most)).toFixed(1),
      });
      dot.append(
        el(
          'title',
          {},
          `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}: ${b.count} sessions, mean prediction ${(b.meanProbability * 100).toFixed(1)}%, bought ${(b.purchaseRate * 100).toFixed(1)}%`,
        ),
      );
      return dot;
    }),
  );
}
