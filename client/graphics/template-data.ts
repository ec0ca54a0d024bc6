import { Layout } from './params.ts';

/**
 * What a playout system may set with `update(data)`: which election, round, layout and candidates
 * the graphic shows, how many per page, and its language. Every field is optional; what is not named
 * stays as it is.
 */
export interface TemplateData {
  election?: string;
  /** A round number, or null for the latest. */
  round?: number | null;
  layout?: Layout;
  /** Candidate ids, or null for all. */
  candidates?: string[] | null;
  max?: number;
  /** A BCP 47 tag (`fa`, `fa-u-nu-latn`, `en`), or null for the election's. */
  lang?: string | null;
}

const LAYOUTS: ReadonlySet<string> = new Set(Object.values(Layout));

/**
 * CasparCG's template data, `<templateData><componentData id="layout"><data id="text" value="bars"/>
 * </componentData>...</templateData>`, as plain fields.
 */
function fromXml(xml: string): Record<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.querySelector('parsererror')) throw new Error('template data is neither JSON nor CasparCG XML');
  const fields: Record<string, string> = {};
  for (const component of doc.querySelectorAll('templateData > componentData[id]')) {
    const value = component.querySelector('data[id="text"]')?.getAttribute('value') ?? component.querySelector('data')?.getAttribute('value');
    if (value !== null && value !== undefined) fields[component.getAttribute('id')!] = value;
  }
  return fields;
}

/** Raw fields from what the playout system sent: an object (OGraf), a JSON string (SPX, CasparCG) or XML (CasparCG). */
export function rawTemplateFields(data: unknown): Record<string, unknown> {
  if (data === null || data === undefined || data === '') return {};
  if (typeof data === 'object') return data as Record<string, unknown>;
  const text = String(data).trim();
  if (text.startsWith('<')) return fromXml(text);
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('template data must be an object of fields');
  return parsed as Record<string, unknown>;
}

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v).trim());

/**
 * The fields this graphic understands, read leniently (numbers may come as strings, an empty field
 * means "the default"): a playout operator's typo must not blank the output, so a value that cannot
 * be read is left out and the graphic keeps what it shows.
 */
export function parseTemplateData(data: unknown): TemplateData {
  const raw = rawTemplateFields(data);
  const out: TemplateData = {};
  const election = text(raw.election);
  if (election && /^[a-z0-9][a-z0-9-]{0,63}$/.test(election)) out.election = election;
  if ('round' in raw) {
    const round = text(raw.round);
    if (!round || round === 'latest') out.round = null;
    else if (/^[1-9]\d*$/.test(round)) out.round = Number(round);
  }
  const layout = text(raw.layout);
  if (layout && LAYOUTS.has(layout)) out.layout = layout as Layout;
  if ('candidates' in raw) {
    const list = Array.isArray(raw.candidates) ? raw.candidates.map(String) : (text(raw.candidates) ?? '').split(',');
    const ids = list.map((s) => s.trim()).filter(Boolean);
    out.candidates = ids.length > 0 ? ids : null;
  }
  const max = Number(text(raw.max));
  if (Number.isInteger(max) && max >= 1) out.max = Math.min(max, 20);
  if ('lang' in raw) out.lang = text(raw.lang) || null;
  return out;
}
