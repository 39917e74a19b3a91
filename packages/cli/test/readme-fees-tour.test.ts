/**
 * The README's "Fees in five minutes" must work when pasted. It is written against a running
 * devnet; here a real coordinator and one real node run as child processes, and the ```sh block
 * under that heading runs command by command with bash from the repository root. Rewritten: the
 * coordinator's address, its data folder (~/.opengrid/devnet/coordinator) and /tmp/.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalGrid, startLocalGrid } from '../src/devnet/local-grid.js';
import { commandsOf, pastingEnvironment, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, type Run, runProcess, temporaryFolder } from './run-mycel.js';

const README_COORDINATOR_URL = 'http://127.0.0.1:7800';
const README_DATA = '~/.opengrid/devnet/coordinator';

const folder = temporaryFolder('readme-fees-tour');
const userHome = join(folder, 'home');
const scratch = join(folder, 'tmp');
let grid: LocalGrid | undefined;

beforeAll(async () => {
  grid = await startLocalGrid({ folder, nodeLabel: 'fees-node', nodeArgs: ['--workers', '1'] });
}, 90_000);

afterAll(async () => {
  await grid?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('README: Fees in five minutes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const commands = commandsOf(shellBlockUnder(readme, 'Fees in five minutes'));

  it('runs as pasted: a session paid for, the ledger, the receipts, a payout as CSV', async () => {
    expect(commands).toHaveLength(5);
    const env = pastingEnvironment(userHome);
    mkdirSync(scratch);
    const runs: Run[] = [];
    for (const pasted of commands) {
      const command = pasted
        .replaceAll('/tmp/', `${scratch}/`)
        .replaceAll(README_COORDINATOR_URL, grid!.coordinator.url)
        .replaceAll(README_DATA, join(folder, 'coordinator'));
      const run = await runProcess('bash', ['-c', command], { cwd: REPO_ROOT, env });
      runs.push(run);
      const last = runs.length === commands.length;
      expect(run.code, `${command}\n${run.stdout}${run.stderr}`).toBe(last ? 1 : 0);
    }
    const [, balance, receipts, , refused] = runs as [Run, Run, Run, Run, Run];
    const node = grid!.node.did;
    const coordinator = grid!.coordinator.did;

    // 2. The node (its own single owner: 90 %) and the protocol (10 %) are owed; the client owes.
    //    At this grid's default price (1 paisa a second) a short session's protocol part may
    //    round to nothing, and a party that got nothing has no account yet.
    const amountOf = (party: string) => {
      const line = balance.stdout.split('\n').find((row) => row.startsWith(`${party}#INR`));
      return line === undefined ? 0n : BigInt(line.split(/\s+/)[1]!);
    };
    const nodePart = amountOf(node);
    const protocolPart = amountOf(coordinator);
    expect(nodePart, balance.stdout).toBeGreaterThan(0n);
    expect(nodePart).toBeGreaterThanOrEqual(protocolPart * 9n);
    const client = balance.stdout
      .split('\n')
      .find(
        (row) =>
          row.startsWith('did:key:') && !row.startsWith(node) && !row.startsWith(coordinator),
      );
    expect(BigInt(client!.split(/\s+/)[1]!)).toBe(-(nodePart + protocolPart));

    // 3. At least one receipt, minted, paid by that client.
    expect(receipts.stdout).toMatch(/minted/);

    // 4. The CSV's amounts are everything the node's parties are owed.
    const rows = readFileSync(join(scratch, 'payout.csv'), 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('payout_id,payee,account,amount_minor,currency,rail,address,receipts');
    const total = rows.slice(1).reduce((sum, row) => sum + BigInt(row.split(',')[3]!), 0n);
    expect(total).toBe(nodePart + protocolPart);

    // 5. A currency that is not ISO 4217.
    expect(refused.stderr).toMatch(/argument_invalid/);
  }, 120_000);
});
