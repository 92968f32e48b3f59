// Types of load.js for the TypeScript tests.
export function parseMetrics(text: string, name: string): unknown;
export function fetchMetrics(url: string): Promise<unknown>;
export function readMetricsFile(file: File): Promise<unknown>;
