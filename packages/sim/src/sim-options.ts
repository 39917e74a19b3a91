/**
 * The simulator's command line: `--seed N --steps M [--nodes K] [--sessions S] [--faults F]`,
 * each a whole number in range, and `--tolerate-known` (count violations of known production
 * issues and go on). A missing seed is left to the caller (the bin draws one and prints it, so
 * any run can be replayed).
 */
import {
  FAULTS_MAX,
  NODES_DEFAULT,
  NODES_MAX,
  SEED_MAX,
  SESSIONS_DEFAULT,
  SESSIONS_MAX,
  STEPS_DEFAULT,
  STEPS_MAX,
} from './limits.js';
import { SimOptionsError } from './sim-error-codes.js';

export interface ParsedOptions {
  readonly seed: number | undefined;
  readonly steps: number;
  readonly nodes: number;
  readonly sessions: number;
  readonly faults: number;
  readonly tolerateKnown: boolean;
}

const RANGES = {
  seed: [0, SEED_MAX],
  steps: [1, STEPS_MAX],
  nodes: [1, NODES_MAX],
  sessions: [1, SESSIONS_MAX],
  faults: [0, FAULTS_MAX],
} as const;

type Name = keyof typeof RANGES;

export function parseSimOptions(argv: readonly string[]): ParsedOptions {
  const values: Partial<Record<Name, number>> = {};
  let tolerateKnown = false;
  for (let at = 0; at < argv.length; at += 2) {
    const flag = argv[at]!;
    if (flag === '--tolerate-known') {
      tolerateKnown = true;
      at -= 1;
      continue;
    }
    const name = flag.startsWith('--') ? (flag.slice(2) as Name) : undefined;
    if (name === undefined || !Object.hasOwn(RANGES, name)) {
      throw new SimOptionsError(
        `unknown option ${flag} (use --seed, --steps, --nodes, --sessions, --faults, --tolerate-known)`,
      );
    }
    const text = argv[at + 1];
    const [min, max] = RANGES[name];
    const value = text === undefined || !/^\d+$/.test(text) ? Number.NaN : Number(text);
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new SimOptionsError(
        `--${name} takes a whole number in [${min}, ${max}], not ${text ?? 'nothing'}`,
      );
    }
    values[name] = value;
  }
  return {
    seed: values.seed,
    steps: values.steps ?? STEPS_DEFAULT,
    nodes: values.nodes ?? NODES_DEFAULT,
    sessions: values.sessions ?? SESSIONS_DEFAULT,
    faults: values.faults ?? FAULTS_MAX,
    tolerateKnown,
  };
}
