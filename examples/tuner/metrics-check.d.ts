// Types of metrics-check.js for the TypeScript tests.
export function metricsProblem(m: unknown): string | null;
