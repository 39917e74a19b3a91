/**
 * `mycel policy check PACK.json --federation-key DID [--trust FILE...] [--input DECISION.json]`:
 * the pack's schema and id, that the federation's own identity signed it, and that every CEL rule
 * compiles (each failing rule is printed with its code); with --input, the decision on that input
 * (docs/spec/policy-packs.md). Exit status: 0 the pack is sound (and the input accepted), 1 an
 * error with its code (the pack, a rule or the input refused), 2 the input was decided and not
 * accepted (the reasons are printed).
 */
import {
  checkSignedPolicyPack,
  compilePolicy,
  decidePolicy,
  type JsonValue,
  type KernelError,
  type PolicyDecision,
  parseJsonBytes,
  parseTimestamp,
  policyRuleFailures,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { loadTrust, type TrustOptions } from '../trust-files.js';
import { withTrustOptions } from './log-options.js';

/** Exit status of an input that was decided and not accepted (1 is kept for errors). */
const NOT_ACCEPTED_EXIT_CODE = 2;

interface CheckOptions extends OutputOptions, TrustOptions {
  readonly federationKey?: string;
  readonly input?: string;
  readonly now?: string;
}

function readJsonFile(path: string): JsonValue {
  const parsed = parseJsonBytes(readInputFile(path));
  if (!parsed.ok) throw new CliError('argument_invalid', `${path}: ${parsed.error.code}`);
  return parsed.value;
}

function printRuleFailures(options: OutputOptions, failures: readonly KernelError[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: failures[0], failures })}\n`);
  } else {
    for (const failure of failures) {
      process.stderr.write(`error ${failure.code}: ${failure.message} (at ${failure.path})\n`);
    }
  }
  process.exitCode = 1;
}

function decisionLines(decision: PolicyDecision): string[] {
  return [
    decision.accepted
      ? `accepted${decision.settleable ? ', settleable' : ', not settleable'}`
      : 'not accepted',
    ...decision.reasons.map((reason) => `  ${reason}`),
    `verifiers counted ${decision.verifiersCounted} (p >= ${decision.pMin})`,
    `audit rate ${decision.auditRate}`,
    ...decision.rules.map((rule) => `  rule ${rule.name.padEnd(24)} ${String(rule.value)}`),
  ];
}

export function registerPolicyCheck(policy: Command): void {
  withTrustOptions(
    policy
      .command('check')
      .description(
        "check a pack's schema, id, federation signature and rules; decide an input (exit 2: not accepted)",
      )
      .argument('<pack>', 'the signed policy pack (JSON)')
      .option('--federation-key <did>', "the federation's own identity, which must sign the pack")
      .option('--input <file>', 'a decision input (JSON) to decide with the pack')
      .option('--now <time>', 'verify signatures as of this time instead of the clock (RFC 3339)'),
  ).action((file: string, options: CheckOptions) =>
    runCommand(options, () => {
      if (options.federationKey === undefined) {
        throw new CliError(
          'argument_invalid',
          "name the federation's identity with --federation-key <did>",
        );
      }
      const nowMs = options.now === undefined ? Date.now() : parseTimestamp(options.now);
      if (nowMs === undefined)
        throw new CliError('argument_invalid', '--now must be an RFC 3339 UTC time');
      const value = readJsonFile(file);
      const federation =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? value.federation
          : undefined;
      const identities = new Map([[String(federation), options.federationKey]]);
      const pack = unwrap(checkSignedPolicyPack(value, loadTrust(options), identities, nowMs));
      const failures = policyRuleFailures(pack);
      if (failures.length > 0) return printRuleFailures(options, failures);
      const compiled = unwrap(compilePolicy(pack));
      const rules = (pack.rules ?? []).map((rule) => rule.name);
      const head = [
        `${pack.id} ${pack.federation} version ${pack.version}`,
        `signed by the federation (${options.federationKey})`,
        `${rules.length} rule(s) compile${rules.length === 0 ? '' : `: ${rules.join(', ')}`}`,
      ];
      if (options.input === undefined) {
        printResult(options, head.join('\n'), {
          id: pack.id,
          federation: pack.federation,
          version: pack.version,
          rules,
        });
        return;
      }
      const decision = unwrap(decidePolicy(compiled, readJsonFile(options.input)));
      printResult(options, [...head, ...decisionLines(decision)].join('\n'), {
        id: pack.id,
        federation: pack.federation,
        version: pack.version,
        rules,
        decision: decision as unknown as JsonValue,
      });
      if (!decision.accepted) process.exitCode = NOT_ACCEPTED_EXIT_CODE;
    }),
  );
}
