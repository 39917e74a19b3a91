/** Every seed in regression-seeds.json ends the way it says (see its `about`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_ISSUES, runSimulation } from '../src/index.js';

interface RegressionRun {
  readonly seed: number;
  readonly steps: number;
  readonly nodes: number;
  readonly sessions: number;
  readonly strict: string;
  readonly note: string;
  readonly sessionsFailed?: Record<string, number>;
}

const { runs } = JSON.parse(
  readFileSync(new URL('./regression-seeds.json', import.meta.url), 'utf8'),
) as { runs: RegressionRun[] };

describe('regression seeds', () => {
  it('lists at least one seed, each with a note, and a seed for every known issue', () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect(run.note.length).toBeGreaterThan(0);
    for (const issue of KNOWN_ISSUES) {
      expect(
        runs.some((run) => run.strict === issue.id),
        issue.id,
      ).toBe(true);
    }
  });

  for (const run of runs) {
    const { seed, steps, nodes, sessions } = run;
    it(`seed ${seed} (${steps} steps, ${nodes} nodes, ${sessions} clients): ${run.strict}`, () => {
      const strict = runSimulation({ seed, steps, nodes, sessions });
      if (run.strict === 'pass') {
        expect(strict.violation, JSON.stringify(strict.violation)).toBeUndefined();
      } else {
        expect(strict.violation?.knownIssue, JSON.stringify(strict.violation)).toBe(run.strict);
      }
      const tolerant = runSimulation({ seed, steps, nodes, sessions, tolerateKnown: true });
      expect(tolerant.violation, JSON.stringify(tolerant.violation)).toBeUndefined();
      expect(tolerant.steps).toBe(steps);
      if (run.sessionsFailed !== undefined) {
        expect(tolerant.sessionsFailed).toEqual(run.sessionsFailed);
        expect(tolerant.turnsFailedUnasked).toEqual({});
      }
    });
  }
});
