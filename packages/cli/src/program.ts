/** The `mycel` command tree. */
import { Command } from 'commander';
import { registerContractCommands } from './commands/contract-commands.js';
import { registerIngestCommands } from './commands/ingest-commands.js';
import { registerKeygen } from './commands/keygen.js';
import { registerLedgerBalance } from './commands/ledger-balance.js';
import { registerLedgerHistory } from './commands/ledger-history.js';
import { registerLedgerPayouts } from './commands/ledger-payouts.js';
import { registerLedgerReceipts } from './commands/ledger-receipts.js';
import { registerLedgerReverse } from './commands/ledger-reverse.js';
import { registerLogAppend } from './commands/log-append.js';
import { registerLogCheckpoint } from './commands/log-checkpoint.js';
import { registerLogProve } from './commands/log-prove.js';
import { registerLogServe } from './commands/log-serve.js';
import { registerLogVerify } from './commands/log-verify.js';
import { registerMipAssess } from './commands/mip-assess.js';
import { registerMipExample } from './commands/mip-example.js';
import { registerMipList } from './commands/mip-list.js';
import { registerMipRegistry } from './commands/mip-registry.js';
import { registerNodeCoCreate } from './commands/nodeco-create.js';
import { registerNodeCoShow } from './commands/nodeco-show.js';
import { registerNodeCoTransferShares } from './commands/nodeco-transfer-shares.js';
import { registerPolicyCommands } from './commands/policy-commands.js';
import { registerProfileCommands } from './commands/profile-commands.js';
import { registerProofCreate } from './commands/proof-create.js';
import { registerProofSign } from './commands/proof-sign.js';
import { registerProofVerify } from './commands/proof-verify.js';
import { registerRegistryCommands } from './commands/registry-commands.js';

export function buildProgram(): Command {
  const program = new Command('mycel')
    .description('Mycel: signed proofs of verified work, in a transparency log')
    .version('0.1.0')
    .showHelpAfterError();
  registerKeygen(program);
  const proof = program.command('proof').description('create, sign and verify proof envelopes');
  registerProofCreate(proof);
  registerProofSign(proof);
  registerProofVerify(proof);
  const log = program.command('log').description('the transparency log of proofs');
  registerLogAppend(log);
  registerLogCheckpoint(log);
  registerLogProve(log);
  registerLogVerify(log);
  registerLogServe(log);
  const ledger = program
    .command('ledger')
    .description('the settlement ledger: balances, history, receipts, payouts, reversals');
  registerLedgerBalance(ledger);
  registerLedgerHistory(ledger);
  registerLedgerReceipts(ledger);
  registerLedgerPayouts(ledger);
  registerLedgerReverse(ledger);
  const nodeco = program.command('nodeco').description("a node's co-ownership record and shares");
  registerNodeCoCreate(nodeco);
  registerNodeCoShow(nodeco);
  registerNodeCoTransferShares(nodeco);
  const mip = program
    .command('mip')
    .description(
      'MIPs: list them, write an example, assess a proof on the reality plane, sign a registry',
    );
  registerMipList(mip);
  registerMipExample(mip);
  registerMipAssess(mip);
  registerMipRegistry(mip);
  registerPolicyCommands(program);
  registerProfileCommands(program);
  registerRegistryCommands(program);
  registerContractCommands(program);
  registerIngestCommands(program);
  return program;
}
