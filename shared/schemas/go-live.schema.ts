import { z } from 'zod';

/**
 * The body of `POST /api/elections/:electionId/go-live`. Going live deletes the rehearsal's figures, so
 * the caller repeats the election id, as one types a repository's name before deleting it.
 */
export const GoLiveRequestSchema = z.strictObject({
  confirm: z.string().meta({ description: 'The election id again, to confirm that its test figures are deleted.' }),
});
export type GoLiveRequest = z.infer<typeof GoLiveRequestSchema>;
