/**
 * A federation's policy pack read from a file, as the commands that take `--pack` or
 * `--policy-pack` need it: the schema, its id, and at least one signature that verifies at
 * `nowMs`. A pack that fails any of them stops the command with argument_invalid and the code.
 */
import {
  checkPolicyPack,
  type JsonValue,
  type PolicyPack,
  parseJsonBytes,
  TrustStore,
} from '@mycel/kernel';
import { CliError } from './cli-error.js';
import { readInputFile } from './files.js';

export function readSignedPolicyPack(path: string, nowMs: number): PolicyPack {
  const parsed = parseJsonBytes(readInputFile(path));
  if (!parsed.ok) throw new CliError('argument_invalid', `${path}: ${parsed.error.code}`);
  const checked = checkPolicyPack(parsed.value as JsonValue);
  if (!checked.ok) {
    throw new CliError(
      'argument_invalid',
      `${path}: ${checked.error.code} ${checked.error.message}`,
    );
  }
  const pack = checked.value;
  const signers = new TrustStore().verifySignatures(pack.signatures, 'policy-pack', pack.id, nowMs);
  if (!signers.ok) throw new CliError('argument_invalid', `${path}: ${signers.error.code}`);
  return pack;
}
