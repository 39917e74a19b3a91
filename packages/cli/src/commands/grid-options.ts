/** Option parsers shared by the `opengrid` commands; bad values are `argument_invalid`. */
import { gridLimits } from '@mycel/grid';
import { isLatencyClass, LATENCY_CLASSES, type LatencyClass, wireLimits } from '@mycel/wire';
import { CliError } from '../cli-error.js';
import { PORT_MAX } from '../limits.js';
import { parseWholeNumber } from '../whole-number.js';

const CLASS_SLOTS_MAX = gridLimits.NODE_CLASS_SESSIONS_MAX;

export function portOption(text: string): number {
  const port = parseWholeNumber(text);
  if (port === undefined || port > PORT_MAX) {
    throw new CliError('argument_invalid', `--port takes 0..${PORT_MAX}, not ${text}`);
  }
  return port;
}

export function wholeNumberOption(name: string, text: string, max: number, min = 0): number {
  const value = parseWholeNumber(text);
  if (value === undefined || value < min || value > max) {
    throw new CliError(
      'argument_invalid',
      `${name} takes a whole number ${min}..${max}, not ${text}`,
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
    capacity[name] = wholeNumberOption(`--capacity ${name}`, count, CLASS_SLOTS_MAX);
  }
  return capacity;
}

export function latencyClassOption(text: string): LatencyClass {
  if (!isLatencyClass(text)) {
    throw new CliError('argument_invalid', `--class is one of ${LATENCY_CLASSES.join(', ')}`);
  }
  return text;
}

/** A grid name or label: what the wire carries as a label, 1 to LABEL_LENGTH_MAX characters. */
export function labelOption(name: string, text: string): string {
  if (text.length < 1 || text.length > wireLimits.LABEL_LENGTH_MAX) {
    throw new CliError(
      'argument_invalid',
      `${name} takes 1 to ${wireLimits.LABEL_LENGTH_MAX} characters, not ${JSON.stringify(text)}`,
    );
  }
  return text;
}

/** `openai:http://127.0.0.1:11434/v1` → the backend's base URL. */
export function backendOption(spec: string | undefined, model: string | undefined) {
  if (spec === undefined) {
    if (model !== undefined) throw new CliError('argument_invalid', '--model needs --backend');
    return undefined;
  }
  const match = /^openai:(https?:\/\/\S+)$/.exec(spec);
  if (match === null) {
    throw new CliError(
      'argument_invalid',
      '--backend takes openai:<base URL>, e.g. openai:http://127.0.0.1:11434/v1',
    );
  }
  if (model === undefined) throw new CliError('argument_invalid', '--backend needs --model NAME');
  return { baseUrl: match[1]!.replace(/\/+$/, ''), model };
}

/** `--endpoint`: an http(s) URL without path, query or fragment, as nodes advertise it. */
export function endpointOption(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    text.length > wireLimits.ENDPOINT_LENGTH_MAX
  ) {
    throw new CliError(
      'argument_invalid',
      `--endpoint takes an http(s) URL such as http://203.0.113.7:7801, not ${text}`,
    );
  }
  return url.origin;
}
