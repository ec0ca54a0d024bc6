import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';

/** Largest JSON body accepted on write routes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const parseJson = express.json({ limit: BODY_LIMIT_BYTES, strict: false });

/**
 * Parses a JSON body for a write route, after authentication so that anonymous callers learn nothing
 * from parse errors. Parse failures reach the error middleware as body-parser errors.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) {
    next(new AppError('unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"'));
    return;
  }
  parseJson(req, res, next);
};
