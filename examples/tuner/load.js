// Loading metrics files: the shipped ones, one named by `?metrics=<url>`, or one the marketer picks.
// Every file goes through the same check (metrics-check.js), so a wrong file is refused with its
// name and the problem, whichever way it came.
import { metricsProblem } from './metrics-check.js';

/**
 * Parses and checks a metrics file's text; throws an Error naming `name` and the problem.
 * @param {string} text
 * @param {string} name the URL or file name, for the message
 * @returns {any}
 */
export function parseMetrics(text, name) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not JSON (${e.message})`, { cause: e });
  }
  const problem = metricsProblem(json);
  if (problem) throw new Error(`${name} is not a metrics file the tuner can read: ${problem}`);
  return json;
}

/**
 * Fetches and checks a metrics file.
 * @param {string} url
 */
export async function fetchMetrics(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${url} could not be fetched (${e.message})`, { cause: e });
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return parseMetrics(await response.text(), url);
}

/**
 * Reads and checks a picked file.
 * @param {File} file
 */
export async function readMetricsFile(file) {
  return parseMetrics(await file.text(), file.name);
}
