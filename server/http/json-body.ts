import express, { type RequestHandler } from 'express';
import { BodyError } from './body-errors.ts';

/** Largest JSON body accepted on write routes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Largest definition (`PUT /api/elections/:id`): 1 MB, room for `MAX_UNITS` (5,000) reporting units
 * with baselines of a few candidates each (about 150 bytes a unit).
 */
export const DEFINITION_LIMIT_BYTES = 1024 * 1024;

/**
 * A JSON body parser for a write route, used after authentication so that anonymous callers learn
 * nothing from parse errors. Parse failures reach the error middleware as body-parser errors.
 */
function jsonBodyUpTo(limit: number): RequestHandler {
  const parseJson = express.json({ limit, strict: false });
  return (req, res, next) => {
    if (!req.is('application/json')) {
      next(BodyError.notDeclaredJson());
      return;
    }
    parseJson(req, res, next);
  };
}

/** Bodies up to `BODY_LIMIT_BYTES` (bulletins and every other write). */
export const jsonBody: RequestHandler = jsonBodyUpTo(BODY_LIMIT_BYTES);

/** Definitions, up to `DEFINITION_LIMIT_BYTES`. */
export const definitionJsonBody: RequestHandler = jsonBodyUpTo(DEFINITION_LIMIT_BYTES);
