import { z } from 'zod';
import { BulletinRecordSchema } from './api.schema.ts';
import { CallRecordSchema } from './call.schema.ts';
import { ElectionDefinitionSchema, ElectionIdSchema, ElectionModeSchema } from './election.schema.ts';

/**
 * One line of a night's export (`GET .../bulletins?format=ndjson`), in this order: the `election`
 * header, then every `bulletin`, `call` and `definition` change in version order, then `end`. `tallyroom replay`
 * reads the same lines back (a hand-written night may also hold bare bulletins, one per line).
 */
export const ExportHeaderSchema = z
  .object({
    type: z.literal('election'),
    electionId: ElectionIdSchema,
    epoch: z.string(),
    /** The election's version when the export started; the export stops there. */
    version: z.int().min(0),
    mode: ElectionModeSchema,
    exportedAt: z.string(),
    /** The definition in force when the export started. */
    definition: ElectionDefinitionSchema,
  });

export const ExportBulletinSchema = BulletinRecordSchema.extend({ type: z.literal('bulletin') });

/** A desk call, retraction or certification (`tallyroom replay` posts `call` to `.../calls`). */
export const ExportCallSchema = CallRecordSchema.extend({ type: z.literal('call') });

/** A replacement of the definition during the night (creation is the header's). */
export const ExportDefinitionSchema = z
  .object({
    type: z.literal('definition'),
    version: z.int().min(1),
    receivedAt: z.string(),
    by: z.string(),
    definition: ElectionDefinitionSchema,
  });

/** The last line: its absence means the export was cut short. */
export const ExportEndSchema = z
  .object({ type: z.literal('end'), version: z.int().min(0), lines: z.int().min(0) });

export const ExportLineSchema = z.discriminatedUnion('type', [ExportHeaderSchema, ExportBulletinSchema, ExportCallSchema, ExportDefinitionSchema, ExportEndSchema]);
export type ExportLine = z.infer<typeof ExportLineSchema>;
