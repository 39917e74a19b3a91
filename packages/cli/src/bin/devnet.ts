import { CliError } from '../cli-error.js';
import { stopOnSignals } from '../commands/log-serve.js';
import { runDevnet } from '../devnet.js';
import { printError } from '../output.js';

try {
  stopOnSignals(await runDevnet());
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  printError({}, { code: error.code, message: error.message });
}
