/** Structured logs of the grid services: pino JSON lines on stderr, so stdout stays for answers. */
import pino, { type Logger } from 'pino';
import { CliError } from '../cli-error.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `--log-level`: one of LOG_LEVELS, else argument_invalid (pino would throw a bare Error). */
export function logLevelOption(level: string): string {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new CliError('argument_invalid', `--log-level is one of ${LOG_LEVELS.join(', ')}`);
  }
  return level;
}

export function gridLogger(level: string, name: string): Logger {
  return pino({ level: logLevelOption(level), name }, pino.destination({ fd: 2, sync: false }));
}
