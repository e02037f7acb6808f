import pino, { type Logger, type DestinationStream } from 'pino';
import { maskText, redact } from './redact';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Structured JSON logs; every object and message passes through redact() first. */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gongdan' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // redact() already turned errors into { type, message, stack }; pino's own err serializer
      // would relabel that plain object as type "Object".
      serializers: { err: (e: unknown) => redact(e), error: (e: unknown) => redact(e) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redact(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}
