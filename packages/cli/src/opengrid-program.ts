/** The `opengrid` command tree: coordinator, node, agent, session, devnet. */
import { Command } from 'commander';
import { registerAgentPublish } from './commands/grid-agent-publish.js';
import { registerCoordinatorStart } from './commands/grid-coordinator-start.js';
import { registerDevnet } from './commands/grid-devnet.js';
import { registerNodeDrain } from './commands/grid-node-drain.js';
import { registerNodeStart } from './commands/grid-node-start.js';
import { registerSession } from './commands/grid-session.js';

export function buildOpengridProgram(): Command {
  const program = new Command('opengrid')
    .description('OpenGrid: stateful AI sessions routed to nearby volunteer nodes')
    .version('0.1.0')
    .showHelpAfterError();
  registerCoordinatorStart(
    program.command('coordinator').description('the routing coordinator of a region'),
  );
  const node = program.command('node').description('a node that serves sessions');
  registerNodeStart(node);
  registerNodeDrain(node);
  registerAgentPublish(program.command('agent').description('agent bundles: pack, sign, upload'));
  registerSession(program);
  registerDevnet(program);
  return program;
}
