import { readFileSync } from 'node:fs';

/** The sections of GTM's exported template format, in the order an export writes them. */
export const SECTIONS = [
  '___TERMS_OF_SERVICE___',
  '___INFO___',
  '___TEMPLATE_PARAMETERS___',
  '___SANDBOXED_JS_FOR_WEB_TEMPLATE___',
  '___WEB_PERMISSIONS___',
  '___TESTS___',
  '___NOTES___',
] as const;

/** One global key of the access_globals permission, with its three checkboxes. */
export interface GlobalAccess {
  read: boolean;
  write: boolean;
  execute: boolean;
}

/** What the ___WEB_PERMISSIONS___ section grants, in the shape the fake sandbox checks. */
export interface Permissions {
  /** Every permission's publicId, e.g. inject_script. */
  ids: string[];
  /** inject_script: the URL match patterns. */
  injectUrls: string[];
  /** access_globals: key (dot path) to its access. */
  globals: Map<string, GlobalAccess>;
}

/** A parameter of ___TEMPLATE_PARAMETERS___ (only the fields the checks read). */
export interface Parameter {
  name: string;
  type: string;
  defaultValue?: unknown;
  subParams?: Parameter[];
  selectItems?: { value: unknown }[];
}

/** GTM's typed values (1 string, 2 list, 3 map, 8 boolean), as plain JSON. */
interface Typed {
  type: number;
  string?: string;
  boolean?: boolean;
  listItem?: Typed[];
  mapKey?: Typed[];
  mapValue?: Typed[];
}
interface PermissionEntry {
  instance: { key: { publicId: string }; param?: { key: string; value: Typed }[] };
}

/** Splits a .tpl file into its sections (header line `___NAME___`, body up to the next header). */
export function splitSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = text.split(/^(___[A-Z_]+___)$/m);
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i], parts[i + 1].trim());
  return sections;
}

/** Reads the template file and its sections. */
export function readTemplate(path = 'examples/gtm/template.tpl'): Map<string, string> {
  return splitSections(readFileSync(path, 'utf8'));
}

/** Every parameter, group members and select sub-fields included. */
export function allParameters(params: Parameter[]): Parameter[] {
  return params.flatMap((p) => [p, ...allParameters(p.subParams ?? [])]);
}

/** The permissions of a ___WEB_PERMISSIONS___ JSON, decoded from GTM's typed values. */
export function readPermissions(json: string): Permissions {
  const entries = JSON.parse(json) as PermissionEntry[];
  const param = (e: PermissionEntry, key: string) => e.instance.param?.find((p) => p.key === key)?.value;
  const perms: Permissions = { ids: entries.map((e) => e.instance.key.publicId), injectUrls: [], globals: new Map() };
  for (const e of entries) {
    const id = e.instance.key.publicId;
    if (id === 'inject_script') perms.injectUrls = (param(e, 'urls')?.listItem ?? []).map((item) => item.string ?? '');
    if (id === 'access_globals')
      for (const item of param(e, 'keys')?.listItem ?? []) {
        const field = (name: string) => item.mapValue?.[item.mapKey?.findIndex((k) => k.string === name) ?? -1];
        perms.globals.set(field('key')?.string ?? '', {
          read: field('read')?.boolean === true,
          write: field('write')?.boolean === true,
          execute: field('execute')?.boolean === true,
        });
      }
  }
  return perms;
}

/**
 * Whether a URL matches a GTM inject_script pattern as this harness reads one: https only, `*.` at the
 * start of the host for any subdomain, `*` in the path for any characters. (GTM's own matcher was not
 * run here; this is the documented idea, strictly read.)
 */
export function matchesUrlPattern(pattern: string, url: string): boolean {
  const m = /^https:\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m || !url.startsWith('https://')) return false;
  const [, host, path] = m;
  // A host wildcard anywhere but a leading `*.` (e.g. https://*/x.js) would allow any site's script.
  if (host.replace(/^\*\./, '').includes('*')) return false;
  const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const hostRe = host.startsWith('*.') ? `([^/]+\\.)?${esc(host.slice(2))}` : esc(host);
  const pathRe = esc(path).replace(/\*/g, '.*');
  return new RegExp(`^https://${hostRe}${pathRe}$`).test(url);
}
