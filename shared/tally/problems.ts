import type { ErrorCode } from '../codes/error-codes.ts';

/** One reason a bulletin (or a definition, or a call) is refused, tied to the field at fault. */
export interface BulletinProblem {
  code: ErrorCode;
  path: string;
  message: string;
}

/** Problems refuse the bulletin; warnings accept it and are shown to whoever posted it. */
export interface BulletinCheck {
  problems: BulletinProblem[];
  warnings: string[];
}
