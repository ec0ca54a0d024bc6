import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * JSON lines in production (for log shippers); readable lines in development. Authorization headers
 * never reach a log line: nothing logs request headers, and tokens are only labels in logs.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  const pretty = config.env === 'development' && process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    base: { service: 'tallyroom' },
    redact: { paths: ['req.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,service' } } } : {}),
  });
}
