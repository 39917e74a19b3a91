/**
 * The README's "A five-minute tour" must work when pasted. It is written against a running devnet
 * (`npm start`, coordinator on 127.0.0.1:7800); here a real coordinator and one real node run as
 * child processes (`opengrid coordinator start` / `opengrid node start`, as a user starts them),
 * and the ```sh block under that heading runs command by command with bash from the repository
 * root, as a user with a fresh home (so ~/.mycel is temporary). Only two things are rewritten:
 * the coordinator's address, and /tmp/ (to a folder of this run).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalGrid, startLocalGrid } from '../src/devnet/local-grid.js';
import { commandsOf, pastingEnvironment, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, type Run, runProcess, temporaryFolder } from './run-mycel.js';

const README_COORDINATOR_URL = 'http://127.0.0.1:7800';
const NODE_LABEL = 'tour-node';
/** How long the node may take to register after it said it listens. */

const folder = temporaryFolder('readme-grid-tour');
const userHome = join(folder, 'home');
const scratch = join(folder, 'tmp');
let grid: LocalGrid | undefined;

beforeAll(async () => {
  grid = await startLocalGrid({
    folder,
    nodeLabel: NODE_LABEL,
    nodeArgs: ['--workers', '1'],
  });
}, 90_000);

afterAll(async () => {
  await grid?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('README: A five-minute tour', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const commands = commandsOf(shellBlockUnder(readme, 'A five-minute tour'));

  it('is nine commands against the devnet coordinator, the last a session nobody serves', () => {
    expect(commands).toHaveLength(9);
    expect(
      commands.every(
        (command) => !command.includes('7800') || command.includes(README_COORDINATOR_URL),
      ),
    ).toBe(true);
    expect(commands.at(-1)).toMatch(/^npx opengrid session --agent nobody /);
  });

  it('runs as pasted against a real coordinator and node, each step printing what it says', async () => {
    const env = pastingEnvironment(userHome);
    mkdirSync(scratch);
    const runs: Run[] = [];
    for (const pasted of commands) {
      const command = pasted
        .replaceAll(README_COORDINATOR_URL, grid!.coordinator.url)
        .replaceAll('/tmp/', `${scratch}/`);
      const run = await runProcess('bash', ['-c', command], { cwd: REPO_ROOT, env });
      runs.push(run);
      const last = runs.length === commands.length;
      expect(run.code, `${command}\n${run.stdout}${run.stderr}`).toBe(last ? 1 : 0);
    }
    const [tutor, voice, gateway, keygen, publish, echo, nodes, metrics, nobody] = runs as [
      Run,
      Run,
      Run,
      Run,
      Run,
      Run,
      Run,
      Run,
      Run,
    ];
    const placedHere = new RegExp(`^session \\S+ on ${NODE_LABEL} \\(${grid!.node.did}\\)$`, 'm');

    // 1. The tutor asks, then answers the answer (b: glycolysis runs in the cytoplasm).
    expect(tutor.stderr).toMatch(placedHere);
    expect(tutor.stdout).toContain(
      'Let us practise cellular respiration.\nWhere in a eukaryotic cell does glycolysis take place?\n(a) Mitochondrial matrix\n(b) Cytoplasm\n',
    );
    expect(tutor.stdout).toContain('\nCorrect. Glycolysis runs in the cytoplasm');
    expect(tutor.stdout).toMatch(/\nMastery: glycolysis \d+%.*\(1\/1 right\)\.\n/);

    // 2. The voice agent's reply, streamed word by word, reads as one line.
    expect(voice.stderr).toMatch(placedHere);
    expect(voice.stdout).toBe(
      'Turn 1. I heard you say: hello grid. This is the start of our conversation.\n',
    );

    // 3. An OpenAI chat completion whose content is the tutor's first question.
    const completion = JSON.parse(gateway.stdout);
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'tutor' });
    expect(completion.choices[0].message.role).toBe('assistant');
    expect(completion.choices[0].message.content).toContain(
      'Let us practise cellular respiration.',
    );
    expect(completion.choices[0].finish_reason).toBe('stop');

    // 4. A key in the temporary ~/.mycel signs the bundle; the coordinator stores it by hash,
    //    and a session with the published name runs it on the node.
    const keyPath = join(userHome, '.mycel', 'keys', 'publisher.json');
    const did = JSON.parse(readFileSync(keyPath, 'utf8')).did;
    expect(keygen.stdout).toBe(`${did}\nkey written to ${keyPath}\n`);
    const published = /^published echo@1\.0\.0 as (sha256:[0-9a-f]{64}) \(\d+ bytes\)\n$/.exec(
      publish.stdout,
    );
    expect(published, publish.stdout).not.toBeNull();
    const agents = (await (await fetch(`${grid!.coordinator.url}/v1/agents`)).json()) as {
      agents: unknown[];
    };
    expect(agents.agents).toContainEqual({
      name: 'echo',
      version: '1.0.0',
      publisher: did,
      assetId: published![1],
    });
    expect(echo.stderr).toMatch(placedHere);
    expect(echo.stdout).toBe('echo: deployed once\n');

    // 5. The node is listed, alive; placements are counted.
    const listed = JSON.parse(nodes.stdout).nodes;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ did: grid!.node.did, label: NODE_LABEL, state: 'alive' });
    expect(metrics.stdout).toMatch(/^opengrid_placements_total\{result="placed"\} [1-9]\d*$/m);

    // 6. The agent nobody serves: a code, exit 1, no output.
    expect(nobody.stderr).toMatch(/^error agent_unknown: /m);
    expect(nobody.stdout).toBe('');
  }, 240_000);
});
