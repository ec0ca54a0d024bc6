import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { AppError } from '../errors/app-error.ts';

/** 404 for a night that does not exist (or an id that cannot name one): the route's and the socket's answer. */
export function noSuchNight(nightId: string): AppError {
  return new AppError(ErrorCode.NotFound, `no night "${nightId}"`);
}
