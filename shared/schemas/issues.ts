import type { z } from 'zod';
import type { FieldIssue } from '../codes/error-codes.ts';

/** Zod's issues as the API names them: a dotted path (`votes.raisi`, `candidates.0.id`) and the message. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
