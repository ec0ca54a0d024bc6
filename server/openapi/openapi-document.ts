import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { errorStatus } from '../../shared/codes/error-codes.ts';
import { AudienceUpdateSchema, NightSubscribeAckSchema, NightSubscribeRequestSchema, SubscribeAckSchema, SubscribeRequestSchema, UnsubscribeRequestSchema } from '../../shared/events.ts';
import { BulletinAcceptedSchema, BulletinDuplicateSchema, BulletinFormatQuerySchema, BulletinListQuerySchema, BulletinListSchema, CallAcceptedSchema, CallUnchangedSchema, DeltaListQuerySchema, DeltaListSchema, ErrorResponseSchema } from '../../shared/schemas/api.schema.ts';
import { BulletinSchema } from '../../shared/schemas/bulletin.schema.ts';
import { CallListSchema, CallRequestSchema } from '../../shared/schemas/call.schema.ts';
import { ElectionDefinitionSchema, ElectionIdSchema, ElectionSummarySchema } from '../../shared/schemas/election.schema.ts';
import { ExportLineSchema } from '../../shared/schemas/export.schema.ts';
import { FeedFormatSchema, FeedQuerySchema, FeedRowSchema } from '../../shared/schemas/feed.schema.ts';
import { GoLiveRequestSchema } from '../../shared/schemas/go-live.schema.ts';
import { MAX_NIGHT_CONTESTS, NightChangeSchema, NightDefinitionSchema, NightIdSchema, NightListItemSchema, NightSnapshotSchema } from '../../shared/schemas/night.schema.ts';
import { ViewerTokenRequestSchema, ViewerTokenSchema } from '../../shared/schemas/viewer-token.schema.ts';
import { DeltaSchema, SnapshotSchema } from '../../shared/schemas/snapshot.schema.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const electionPath = z.object({ electionId: ElectionIdSchema.meta({ description: 'The election id, e.g. `iran-2017`.' }) });
const nightPath = z.object({ nightId: NightIdSchema.meta({ description: 'The night id, e.g. `majlis-2024`.' }) });
const secured = [{ bearer: [] }];
/** The bulletin's id as a header, for clients that prefer one; with a body `id` too, both must agree (else 400). */
const idempotencyHeader = z.object({
  'idempotency-key': BulletinSchema.shape.id.meta({ description: 'The bulletin id, when the body has none; if both are sent they must be equal (400 `validation_failed` on `id` otherwise).' }),
});
/** Reads of a private election: a viewer token (JWT) or a newsroom token; public elections need none. */
const readable: Array<Record<string, string[]>> = [{}, { viewer: [] }, { viewerQuery: [] }];

/** The error answers of an operation, by status, from the one error table (`shared/codes/error-codes.ts`). */
function errors(...statuses: number[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(errorStatus)) if (statuses.includes(status)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [String(status), { description: `Refused: ${codes.map((c) => `\`${c}\``).join(', ')}.`, content: json(ErrorResponseSchema) }]),
  );
}

const feedPath = electionPath.extend({ format: FeedFormatSchema.meta({ description: 'The extension: `json` (a top-level array), `xml` (one `<candidate>` per row), `csv` (a header, RFC 4180).' }) });

/** A broadcast feed's read: one row per candidate, in each format, with its ETag. */
function feedOperation(summary: string, path: z.ZodObject): ZodOpenApiOperationObject {
  const rows = z.array(FeedRowSchema);
  return {
    summary,
    description:
      'For graphics systems that poll a file (vMix, Viz Flowics, XPression DataLinq): one flat row per candidate, most votes first, raw figures beside texts in the election\'s `language` (or `?lang=`). `ETag` of the epoch, version, format, round and locale on every answer, and `304` on a matching `If-None-Match`; `Cache-Control: public, max-age=1, stale-while-revalidate=5` (`HTTP_MAX_AGE_S`, `HTTP_STALE_WHILE_REVALIDATE_S`; `private, no-store` for a private election, opened with `?access_token=`). Before any figures: every candidate at zero; a runoff not yet counted: no rows. docs/broadcast.md maps the fields.',
    tags: ['feeds'],
    security: readable,
    requestParams: { path, query: FeedQuerySchema.omit({ access_token: true }) },
    responses: {
      '200': {
        description: 'The rows (UTF-8).',
        content: { 'application/json': { schema: rows }, 'application/xml': { schema: z.string() }, 'text/csv': { schema: z.string() } },
      },
      '304': { description: 'Unchanged since the ETag in `If-None-Match`.' },
      ...errors(400, 401, 403, 404, 503),
    },
  };
}

const HealthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.int().min(0) });
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()).meta({ description: 'Each check (`process`, `store`, `adapter`): `ok`, or why not.' }),
});

const operations: Record<string, Record<string, ZodOpenApiOperationObject>> = {
  '/api/elections': {
    get: {
      summary: 'List elections',
      tags: ['elections'],
      security: readable,
      responses: { '200': { description: 'Every election, sorted by id; private ones only for a token that opens them.', content: json(z.object({ elections: z.array(ElectionSummarySchema) })) } },
    },
  },
  '/api/elections/{electionId}': {
    get: {
      summary: 'Read an election (the snapshot)',
      description:
        'Cacheable: a strong `ETag` of the epoch and version (`"<epoch>.<version>.a<audience>"`), `304` on a matching `If-None-Match` (from the node\'s memory, no Redis read, within `HTTP_CACHE_TRUST_MS`), `Cache-Control: public, max-age=1, stale-while-revalidate=5` (`HTTP_MAX_AGE_S`, `HTTP_STALE_WHILE_REVALIDATE_S`); `private, no-store` for a private election.',
      tags: ['elections'],
      security: readable,
      requestParams: { path: electionPath },
      responses: { '200': { description: 'The snapshot, with its audience.', content: json(SnapshotSchema) }, '304': { description: 'Unchanged since the ETag in `If-None-Match`.' }, ...errors(401, 403, 404, 503) },
    },
    put: {
      summary: 'Define or replace an election',
      description: 'A replacement bumps the version and sends subscribers a `snapshot`. Omitting `mode` on a replacement keeps the mode; switching to live goes through go-live.',
      tags: ['elections'],
      security: secured,
      requestParams: { path: electionPath },
      requestBody: { content: json(ElectionDefinitionSchema) },
      responses: {
        '200': { description: 'Replaced (or unchanged).', content: json(SnapshotSchema) },
        '201': { description: 'Created.', content: json(SnapshotSchema) },
        ...errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
      },
    },
  },
  '/api/elections/{electionId}/go-live': {
    post: {
      summary: 'Switch a test election to live, deleting its test figures',
      description: 'New epoch, empty history, bulletin ids free again; the version goes on. Every subscriber receives the fresh `snapshot`.',
      tags: ['elections'],
      security: secured,
      requestParams: { path: electionPath },
      requestBody: { content: json(GoLiveRequestSchema) },
      responses: { '200': { description: 'Live, with no figures.', content: json(SnapshotSchema) }, ...errors(400, 401, 403, 404, 409, 413, 415, 429, 503) },
    },
  },
  '/api/elections/{electionId}/bulletins': {
    post: {
      summary: 'Post a bulletin',
      description:
        'Safe to resend with the same `id` (or `Idempotency-Key`) after a timeout, a lost reply or a 503: the same id and body answer the first outcome again (200 `duplicate`, same version); another body is 409 `id_conflict`. `503 outcome_unknown`: sent but not confirmed as durable as the server promises; resend.',
      tags: ['bulletins'],
      security: secured,
      requestParams: { path: electionPath, header: idempotencyHeader },
      requestBody: { content: json(BulletinSchema) },
      responses: {
        '201': { description: 'Accepted and pushed to subscribers.', content: json(BulletinAcceptedSchema) },
        '200': { description: 'Already accepted (same id and body): nothing counted twice.', content: json(BulletinDuplicateSchema) },
        ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
      },
    },
    get: {
      summary: 'Read accepted bulletins, or export the whole night',
      description: '`format=json` (default): a page after `since`. `format=ndjson`: the whole night, one `ExportLine` per line (header, bulletins, desk calls and definition changes in version order, `end`).',
      tags: ['bulletins'],
      requestParams: { path: electionPath, query: BulletinListQuerySchema.extend(BulletinFormatQuerySchema.shape) },
      responses: {
        '200': {
          description: 'A page (JSON), or the night (NDJSON: each line is one `ExportLine`).',
          content: { ...json(BulletinListSchema), 'application/x-ndjson': { schema: ExportLineSchema } },
        },
        ...errors(400, 401, 403, 404, 503),
      },
    },
  },
  '/api/elections/{electionId}/deltas': {
    get: {
      summary: 'Read the changes since a version (for pollers)',
      description:
        'Every delta after `since`, in order, in the socket\'s wire form (compact when it can be), exactly what a reconnecting subscriber is replayed; `deltas: []` at the current version. `410 history_gone` with `error.snapshot` (the snapshot\'s URL) when they cannot be replayed: older than the kept history (`CATCHUP_MAX_DELTAS`, `CATCHUP_MAX_AGE_MS`), another `epoch`, `since` beyond the version, or a redefinition among them. Cacheable like the snapshot: `ETag` of the version, `since` and `epoch`, `304`, the same `Cache-Control`.',
      tags: ['elections'],
      security: readable,
      requestParams: { path: electionPath, query: DeltaListQuerySchema },
      responses: {
        '200': { description: 'The deltas after `since`.', content: json(DeltaListSchema) },
        '304': { description: 'Unchanged since the ETag in `If-None-Match`.' },
        ...errors(400, 401, 403, 404, 410, 503),
      },
    },
  },
  '/api/elections/{electionId}/viewer-tokens': {
    post: {
      summary: 'Issue a viewer token for a (private) election',
      description: 'A signed JWT (HS256, `VIEWER_JWT_SECRET`) that opens this election for `ttlSeconds`. Takes an ingest or desk token whose scope covers the election.',
      tags: ['elections'],
      security: secured,
      requestParams: { path: electionPath },
      requestBody: { content: json(ViewerTokenRequestSchema) },
      responses: { '201': { description: 'The token and when it expires.', content: json(ViewerTokenSchema) }, ...errors(400, 401, 403, 404, 413, 415, 429, 503) },
    },
  },
  '/api/elections/{electionId}/calls': {
    post: {
      summary: "Record the decision desk's call: a winner, a runoff pair, a retraction, or a certification",
      description:
        'Takes a `DESK_TOKENS` token (an ingest token gets 403 `forbidden`). Bumps the version and pushes a `delta` whose `call` says what the desk did; the round\'s projection shows `called` (or `uncalled`, `certified`) with `calledBy`, `calledAt` and `note`, over the model\'s status but never its figures. One call stands per round: retract it before calling another (409 `call_conflict`).',
      tags: ['calls'],
      security: secured,
      requestParams: { path: electionPath },
      requestBody: { content: json(CallRequestSchema) },
      responses: {
        '201': { description: 'Recorded and pushed to subscribers.', content: json(CallAcceptedSchema) },
        '200': { description: 'The same call already stands (or the round is already certified): nothing changed.', content: json(CallUnchangedSchema) },
        ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
      },
    },
    get: {
      summary: 'List the desk calls of an election',
      description: 'Every call, retraction and certification in version order, and what stands now in each round.',
      tags: ['calls'],
      requestParams: { path: electionPath },
      responses: { '200': { description: 'The calls.', content: json(CallListSchema) }, ...errors(404, 503) },
    },
  },
  '/api/nights': {
    get: {
      summary: 'List nights',
      tags: ['nights'],
      responses: { '200': { description: 'Every night, sorted by id.', content: json(z.object({ nights: z.array(NightListItemSchema) })) } },
    },
  },
  '/api/nights/{nightId}': {
    get: {
      summary: 'Read a night (the night snapshot: a line per contest and the national summary)',
      description: 'One read for the whole night, whatever its size: each contest\'s line (status, leader or winners with party, percent counted, version) and the summary (seats won and leading per party, the majority line, contests by status, turnout).',
      tags: ['nights'],
      requestParams: { path: nightPath },
      responses: { '200': { description: 'The night snapshot. Cacheable: `ETag` of its epoch and version, `Cache-Control: public, max-age=1, stale-while-revalidate=5` (`HTTP_MAX_AGE_S`, `HTTP_STALE_WHILE_REVALIDATE_S`).', content: json(NightSnapshotSchema) }, '304': { description: 'Unchanged since the ETag in `If-None-Match`.' }, ...errors(404, 503) },
    },
    put: {
      summary: 'Define or replace a night of many contests',
      description: `Every contest must be an existing public election (422 \`unknown_contest\`, \`private_contest\`); at most ${MAX_NIGHT_CONTESTS} contests, each once; \`keyContests\` and every region's contests must be contests of the night, a contest in one region at most (400 \`validation_failed\` naming the field). A replacement starts a new epoch (subscribers take the snapshot); an identical body changes nothing. An election may be in several nights.`,
      tags: ['nights'],
      security: secured,
      requestParams: { path: nightPath },
      requestBody: { content: json(NightDefinitionSchema) },
      responses: {
        '200': { description: 'Replaced (or unchanged).', content: json(NightSnapshotSchema) },
        '201': { description: 'Created.', content: json(NightSnapshotSchema) },
        ...errors(400, 401, 403, 413, 415, 422, 429, 503),
      },
    },
  },
  '/feeds/{electionId}.{format}': {
    get: feedOperation("The latest round's results as a broadcast feed", feedPath),
  },
  '/feeds/{electionId}/rounds/{round}.{format}': {
    get: feedOperation("One round's results as a broadcast feed", feedPath.extend({ round: z.int().min(1).max(2).meta({ description: 'The round: 1, or 2 (a runoff).' }) })),
  },
  '/api/openapi.json': {
    get: { summary: 'This document', tags: ['docs'], responses: { '200': { description: 'OpenAPI 3.1, generated from the zod schemas.', content: json(z.object({}).passthrough()) } } },
  },
  '/api/docs': {
    get: { summary: 'The API reference page', tags: ['docs'], responses: { '200': { description: 'HTML (Swagger UI, served from this server).', content: { 'text/html': { schema: z.string() } } } } },
  },
  '/healthz': {
    get: { summary: 'The process answers', tags: ['operations'], responses: { '200': { description: 'Alive.', content: json(HealthSchema) } } },
  },
  '/readyz': {
    get: {
      summary: 'The node can serve (store reachable, adapter subscribed, not shutting down)',
      tags: ['operations'],
      responses: { '200': { description: 'Ready.', content: json(ReadinessSchema) }, '503': { description: 'Not ready; `checks` says why.', content: json(ReadinessSchema) } },
    },
  },
  '/metrics': {
    get: { summary: 'Prometheus metrics', tags: ['operations'], responses: { '200': { description: 'Prometheus text exposition.', content: { 'text/plain': { schema: z.string() } } } } },
  },
};

/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate every request: it cannot
 * drift from what the server checks. The socket.io payloads are in `components.schemas` too
 * (`SubscribeRequest`, `SubscribeAck`, `Delta`, `Snapshot`, `AudienceUpdate`); docs/api.md tells the events.
 */
export function buildOpenApiDocument(version: string) {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tallyroom',
      version,
      description: 'Real-time results-night broadcaster. Write routes take `Authorization: Bearer <token>`. Live updates go over socket.io (see docs/api.md): `subscribe` with `SubscribeRequest`, answered by `SubscribeAck`, then `delta`, `snapshot` and `audience` events.',
    },
    tags: [{ name: 'elections' }, { name: 'nights' }, { name: 'bulletins' }, { name: 'calls' }, { name: 'feeds' }, { name: 'operations' }, { name: 'docs' }],
    paths: operations,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A newsroom token: `INGEST_TOKENS`, `DESK_TOKENS` or `TOKENS_FILE`, with its role and scope (see docs/security.md). 401 `unauthorized` unknown, 403 `forbidden` wrong role or out of scope, 429 `rate_limited` (with `Retry-After`).' },
        viewer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A viewer token for a private election (`POST .../viewer-tokens`). 401 `unauthorized` / `token_expired`, 403 `forbidden` for another election.' },
        viewerQuery: { type: 'apiKey', in: 'query', name: 'access_token', description: 'The viewer token as a query parameter, for links.' },
      },
      schemas: {
        Snapshot: SnapshotSchema,
        Delta: DeltaSchema,
        Bulletin: BulletinSchema,
        CallRequest: CallRequestSchema,
        ElectionDefinition: ElectionDefinitionSchema,
        NightDefinition: NightDefinitionSchema,
        NightSnapshot: NightSnapshotSchema,
        ErrorResponse: ErrorResponseSchema,
        ExportLine: ExportLineSchema,
        FeedRow: FeedRowSchema,
        SubscribeRequest: SubscribeRequestSchema,
        UnsubscribeRequest: UnsubscribeRequestSchema,
        SubscribeAck: SubscribeAckSchema,
        AudienceUpdate: AudienceUpdateSchema,
        NightSubscribeRequest: NightSubscribeRequestSchema,
        NightSubscribeAck: NightSubscribeAckSchema,
        NightChange: NightChangeSchema,
      },
    },
  });
}
