/** Structured logs of the grid services: pino JSON lines on stderr, so stdout stays for answers. */
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function gridLogger(level: string, name: string): Logger {
  return pino({ level, name }, pino.destination({ fd: 2, sync: false }));
}
