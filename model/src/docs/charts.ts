/** Minimal SVG line charts for the model card: no dependency, deterministic output. */

/** One line on a chart. */
export interface Series {
  name: string;
  points: [number, number][];
  dashed?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#7f7f7f', '#2ca02c'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A square chart over [0, 1] x [0, 1] with axis labels, a legend and optional markers. */
export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
  opts: { markers?: boolean; legendAt?: [number, number] } = {},
): string {
  const markers = opts.markers ?? false;
  const size = 360,
    pad = 48,
    plot = size - pad - 16;
  const X = (x: number): number => pad + x * plot;
  const Y = (y: number): number => 16 + (1 - y) * plot;
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 20}" viewBox="0 0 ${size} ${size + 20}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<rect x="${pad}" y="16" width="${plot}" height="${plot}" fill="none" stroke="#333"/>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    const v = t / 10;
    parts.push(
      `<line x1="${f(X(v))}" y1="${f(Y(0))}" x2="${f(X(v))}" y2="${f(Y(0) + 4)}" stroke="#333"/>`,
      `<text x="${f(X(v))}" y="${f(Y(0) + 15)}" text-anchor="middle">${v.toFixed(1)}</text>`,
      `<line x1="${pad - 4}" y1="${f(Y(v))}" x2="${pad}" y2="${f(Y(v))}" stroke="#333"/>`,
      `<text x="${pad - 6}" y="${f(Y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<text x="${f(X(0.5))}" y="${size + 6}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(12 ${f(Y(0.5))}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    `<text x="${f(X(0.5))}" y="11" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${f(X(x))} ${f(Y(y))}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    if (markers && !s.dashed)
      for (const [x, y] of s.points) parts.push(`<circle cx="${f(X(x))}" cy="${f(Y(y))}" r="2.5" fill="${color}"/>`);
    // The legend's top-left corner in data units: each chart puts it where its curves are not.
    const [ax, ay] = opts.legendAt ?? [0.55, 0.25];
    const lx = X(ax);
    const ly = Y(ay) + 10 + i * 14;
    parts.push(
      `<rect x="${lx}" y="${ly - 4}" width="10" height="3" fill="${color}"/>`,
      `<text x="${lx + 14}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** A reliability chart: one line of [mean predicted, observed] per named set of non-empty bins, and the diagonal. */
export function reliabilityChart(
  title: string,
  xLabel: string,
  yLabel: string,
  lines: { name: string; bins: { count: number; meanProbability: number; purchaseRate: number }[] }[],
): string {
  return lineChart(
    title,
    xLabel,
    yLabel,
    [
      ...lines.map(({ name, bins }) => ({
        name,
        points: bins.filter((b) => b.count > 0).map((b): [number, number] => [b.meanProbability, b.purchaseRate]),
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
  );
}
