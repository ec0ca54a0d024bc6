import { stringify } from 'csv-stringify/sync';
import { FeedFormat, FeedRowSchema, type FeedRow } from '../../shared/schemas/feed.schema.ts';

/** The columns, elements and keys of every format, in the schema's order: stable for templates that map them. */
export const FEED_FIELDS = Object.keys(FeedRowSchema.shape) as (keyof FeedRow)[];

/** The media type of each format, with its charset: the texts are in the election's script. */
export const FEED_TYPES: Record<FeedFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

// XML 1.0 forbids most control characters even escaped; a name cannot carry them, but never emit a broken document.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A field as text: null is empty, booleans `true`/`false`, numbers as JSON writes them. */
function plain(value: FeedRow[keyof FeedRow]): string {
  return value === null ? '' : String(value);
}

function xml(rows: readonly FeedRow[], meta: FeedMeta): string {
  const items = rows.map((row) => `  <candidate>\n${FEED_FIELDS.map((f) => `    <${f}>${xmlText(plain(row[f]))}</${f}>`).join('\n')}\n  </candidate>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<results electionId="${xmlText(meta.electionId)}" version="${meta.version}">\n${items.join('')}</results>\n`;
}

function csv(rows: readonly FeedRow[]): string {
  // RFC 4180: CRLF line ends; a field with a comma, a quote or any line break quoted, its quotes doubled
  // (csv-stringify only quotes the record delimiter itself, so a lone LF or CR is matched explicitly).
  return stringify(
    rows.map((row) => FEED_FIELDS.map((f) => plain(row[f]))),
    { header: true, columns: FEED_FIELDS, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** What the XML root says about the feed, so a template can show the version it read. */
export interface FeedMeta {
  electionId: string;
  version: number;
}

/** The rows in `format`. JSON is a top-level array, as vMix's data source requires. */
export function encodeFeed(format: FeedFormat, rows: readonly FeedRow[], meta: FeedMeta): string {
  if (format === FeedFormat.Xml) return xml(rows, meta);
  if (format === FeedFormat.Csv) return csv(rows);
  return JSON.stringify(rows);
}
