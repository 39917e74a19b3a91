/** Option parsers shared by the `opengrid` commands; bad values are `argument_invalid`. */
import { isLatencyClass, LATENCY_CLASSES, type LatencyClass } from '@mycel/wire';
import { CliError } from '../cli-error.js';
import { parseWholeNumber } from '../whole-number.js';

const PORT_MAX = 65_535;

export function portOption(text: string): number {
  const port = parseWholeNumber(text);
  if (port === undefined || port > PORT_MAX) {
    throw new CliError('argument_invalid', `--port takes 0..${PORT_MAX}, not ${text}`);
  }
  return port;
}

export function wholeNumberOption(name: string, text: string, max: number): number {
  const value = parseWholeNumber(text);
  if (value === undefined || value > max) {
    throw new CliError(
      'argument_invalid',
      `${name} takes a whole number up to ${max}, not ${text}`,
    );
  }
  return value;
}

/** `voice=8,interactive=32`: session slots per latency class. */
export function capacityOption(text: string): Partial<Record<LatencyClass, number>> {
  const capacity: Partial<Record<LatencyClass, number>> = {};
  for (const part of text.split(',')) {
    const [name, count] = part.split('=');
    if (!isLatencyClass(name) || count === undefined) {
      throw new CliError(
        'argument_invalid',
        `--capacity takes class=slots pairs (classes: ${LATENCY_CLASSES.join(', ')}), not ${part}`,
      );
    }
    capacity[name] = wholeNumberOption(`--capacity ${name}`, count, 1_000_000);
  }
  return capacity;
}

export function latencyClassOption(text: string): LatencyClass {
  if (!isLatencyClass(text)) {
    throw new CliError('argument_invalid', `--class is one of ${LATENCY_CLASSES.join(', ')}`);
  }
  return text;
}
