import { z } from 'zod';

/** Referendum outcomes: `void` when the turnout quorum is not reached. */
export const OutcomeSchema = z.enum(['passed', 'rejected', 'void']);
export type Outcome = z.infer<typeof OutcomeSchema>;
