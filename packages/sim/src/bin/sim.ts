/**
 * `npm run sim -- --seed N --steps M [--nodes K --sessions S --faults F]`: one deterministic run.
 * Prints the seed first (a run without --seed draws one), then a summary JSON line; the same
 * options replay the same run exactly (same trace hash). A violation prints the failing step,
 * the invariant and the trace's tail, and exits 1.
 */
import { randomInt } from 'node:crypto';
import { DRAWN_SEED_LIMIT } from '../limits.js';
import { SIM_ERROR_CODES, SimOptionsError } from '../sim-error-codes.js';
import { parseSimOptions } from '../sim-options.js';
import { runSimulation } from '../simulation.js';

try {
  const parsed = parseSimOptions(process.argv.slice(2));
  const seed = parsed.seed ?? randomInt(DRAWN_SEED_LIMIT);
  const { steps, nodes, sessions, faults, tolerateKnown } = parsed;
  const tolerate = tolerateKnown ? ' --tolerate-known' : '';
  process.stdout.write(
    `sim seed ${seed} (replay: npm run sim -- --seed ${seed} --steps ${steps} --nodes ${nodes} --sessions ${sessions} --faults ${faults}${tolerate})\n`,
  );
  const result = runSimulation({ seed, steps, nodes, sessions, faults, tolerateKnown });
  const { violation, traceTail, ...summary } = result;
  if (violation !== undefined) {
    process.stdout.write(
      `VIOLATION ${violation.invariant} ${violation.code} at step ${violation.step} (${violation.atMs} ms)` +
        `${violation.sid === undefined ? '' : ` session ${violation.sid}`}: ${violation.message}\n` +
        (violation.knownIssue === undefined
          ? ''
          : `a known production issue: ${violation.knownIssue} (packages/sim/src/known-issues.ts; --tolerate-known counts these and goes on)\n`),
    );
    process.stdout.write(
      `trace tail:\n${(traceTail ?? []).map((line) => `  ${line}`).join('\n')}\n`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ ...summary, ...(violation === undefined ? {} : { violation }) })}\n`,
  );
  process.exitCode = violation === undefined ? 0 : 1;
} catch (error) {
  if (!(error instanceof SimOptionsError)) throw error;
  process.stderr.write(`error ${error.code}: ${error.message} (${SIM_ERROR_CODES[error.code]})\n`);
  process.exitCode = 2;
}
