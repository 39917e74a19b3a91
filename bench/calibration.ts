/**
 * calibration: for every MIP with a reality verifier, labelled synthetic cases — honest ones and
 * each named cheating model — from the MIP's own generator, verified through verifyCase (the
 * path a verifier runs: digests checked, evidence parsed, the MIP's checks, formBelief). The
 * baseline is perfect calibration (ECE 0) and, for the Brier score, the prior alone.
 *
 *   npm run bench -- calibration [--cases 4000] [--fit-cases 2000] [--fit-seed 1] [--seed 2]
 *                                [--frr 0.01] [--mip mip-enr/generation-interval@1.0.0]
 *
 * The threshold that refuses at most --frr of honest producers is fitted on the --fit-seed cases;
 * Brier, ECE, the honest rejection rate and each cheat's detection rate are reported on the
 * --seed cases, which the fit never saw. Targets: ECE ≤ 0.05, each cheat detected ≥ 90 %.
 */
import { parseArgs } from 'node:util';
import { calibrationReport, REALITY_MIPS } from '@mycel/mips';

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '4000' },
    'fit-cases': { type: 'string', default: '2000' },
    'fit-seed': { type: 'string', default: '1' },
    seed: { type: 'string', default: '2' },
    frr: { type: 'string', default: '0.01' },
    mip: { type: 'string', multiple: true },
  },
});

const settings = {
  cases: Number(options.cases),
  fitCases: Number(options['fit-cases']),
  fitSeed: Number(options['fit-seed']),
  seed: Number(options.seed),
  falseRejection: Number(options.frr),
};
const chosen = REALITY_MIPS.filter(
  (module) => options.mip === undefined || options.mip.includes(module.id),
);
if (chosen.length === 0) {
  process.stderr.write(`no MIP matches; known: ${REALITY_MIPS.map((m) => m.id).join(', ')}\n`);
  process.exit(2);
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));
process.stdout.write(
  `calibration: ${settings.cases} cases per MIP (seed ${settings.seed}), threshold fitted on ${settings.fitCases} (seed ${settings.fitSeed}) at ${settings.falseRejection * 100} % honest false rejection\n`,
);
process.stdout.write(
  `reproduce: npm run bench -- calibration --cases ${settings.cases} --fit-cases ${settings.fitCases} --fit-seed ${settings.fitSeed} --seed ${settings.seed} --frr ${settings.falseRejection}\n\n`,
);
const mips = chosen.map((module) => {
  const report = calibrationReport(module, settings);
  const detection = Object.fromEntries(
    Object.entries(report.detection).map(([model, rate]) => [model, round(rate, 3)]),
  );
  process.stdout.write(
    `${report.mip}\n  brier ${report.brier.toFixed(4)} (prior alone ${report.brierPriorOnly.toFixed(4)})  ece ${report.ece.toFixed(4)}  honest rejected ${(report.honestRejectRate * 100).toFixed(2)} %  threshold p < ${report.threshold.toPrecision(3)}  ${report.verifyMsPerCase.toFixed(3)} ms/case\n`,
  );
  for (const [model, rate] of Object.entries(detection)) {
    process.stdout.write(`    ${model.padEnd(28)} detected ${(rate * 100).toFixed(1)} %\n`);
  }
  return {
    mip: report.mip,
    cases: report.cases,
    brier: round(report.brier),
    brierPriorOnly: round(report.brierPriorOnly),
    ece: round(report.ece),
    threshold: Number(report.threshold.toPrecision(4)),
    honestRejectRate: round(report.honestRejectRate),
    detection,
    refusedWithCode: round(report.refusedWithCode),
    verifyMsPerCase: round(report.verifyMsPerCase, 3),
  };
});
const worstEce = Math.max(...mips.map((mip) => mip.ece));
const weakest = Math.min(...mips.flatMap((mip) => Object.values(mip.detection)));
process.stdout.write(
  `${JSON.stringify({
    bench: 'calibration',
    mips,
    eceMax: worstEce,
    eceTarget: 0.05,
    detectionMin: weakest,
    detectionTarget: 0.9,
    ...settings,
    node: process.version,
  })}\n`,
);
