import type { Command } from 'commander';
import { collect } from '../trust-files.js';

/** What the verifier trusts: the options of every command that integrity-verifies proofs. */
export function withTrustOptions(command: Command): Command {
  return command
    .option(
      '--trust <file>',
      'identity, key-rotation or revocation-list documents (repeatable)',
      collect,
    )
    .option(
      '--hardware-root <did>',
      'trust this DID as a hardware attestation root (repeatable)',
      collect,
    )
    .option(
      '--revocation-authority <did>',
      'trust revocation lists signed by this DID (repeatable)',
      collect,
    )
    .option('--json', 'machine-readable output');
}

/** The options every command that opens the log shares. */
export function withLogOptions(command: Command): Command {
  return withTrustOptions(
    command
      .option(
        '--store <location>',
        'sqlite:<path> or postgres://... (default: sqlite:$MYCEL_HOME/log.db)',
      )
      .option(
        '--origin <origin>',
        'the log origin, a schema-less URL (default: devnet.mycel.local/log)',
      )
      .option('--log-key <path>', 'the log signing key file (default: $MYCEL_HOME/keys/log.json)'),
  );
}
