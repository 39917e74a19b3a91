/**
 * What the tests share that run the repository's documentation as pasted (README tours, operator
 * guides): the ```sh blocks of a Markdown file split into commands, and the environment of a
 * user who pastes them — a fresh HOME, none of our variables set.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-mycel.js';

/** The body of the first ```sh block after the heading `## <heading>` (and before the next). */
export function shellBlockUnder(markdown: string, heading: string): string {
  const section = markdown.indexOf(`\n## ${heading}\n`);
  if (section < 0) throw new Error(`no "## ${heading}" section`);
  const open = markdown.indexOf('\n```sh\n', section);
  const nextSection = markdown.indexOf('\n## ', section + 1);
  if (open < 0 || (nextSection >= 0 && open > nextSection))
    throw new Error(`no sh block under "## ${heading}"`);
  const start = open + '\n```sh\n'.length;
  return markdown.slice(start, markdown.indexOf('\n```', start));
}

/** Every ```sh block of the document, in order, with the `## ` heading it stands under. */
export function shellBlocks(markdown: string): { heading: string; block: string }[] {
  const blocks: { heading: string; block: string }[] = [];
  let heading = '';
  let block: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (block !== undefined) {
      if (line === '```') {
        blocks.push({ heading, block: block.join('\n') });
        block = undefined;
      } else block.push(line);
    } else if (line.startsWith('## ')) heading = line.slice(3);
    else if (line === '```sh') block = [];
  }
  if (block !== undefined) throw new Error(`an sh block under "## ${heading}" is never closed`);
  return blocks;
}

/** Commands of a shell block: continued lines joined, comment and blank lines skipped. */
export function commandsOf(block: string): string[] {
  return block
    .replace(/\\\n[ \t]*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The environment of someone pasting commands from this folder: `home` as HOME (so ~/.mycel and
 * ~/.opengrid are temporary), none of MYCEL_HOME, OPENGRID_HOME, OPENGRID_COORDINATOR set, and
 * no MYCEL_BUNDLE_DIR: pasted commands run the sources through tsx, as a user's do
 * (docs/decisions/0013-tests-run-the-bundled-cli.md).
 *
 * `npx opengrid` finds the bin in node_modules/.bin, which `npm install` links from
 * package-lock.json; without that link npx would ask the registry for a package of that name.
 */
export function pastingEnvironment(home: string): NodeJS.ProcessEnv {
  const {
    MYCEL_HOME: _mycelHome,
    OPENGRID_HOME: _opengridHome,
    OPENGRID_COORDINATOR: _coordinator,
    MYCEL_BUNDLE_DIR: _bundle,
    ...inherited
  } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, HOME: home, npm_config_update_notifier: 'false' };
  mkdirSync(home, { recursive: true });
  // The pasted commands run `npx opengrid`, which npm links at install time.
  if (!existsSync(join(REPO_ROOT, 'node_modules', '.bin', 'opengrid'))) {
    throw new Error('node_modules/.bin/opengrid is missing: run `npm install` first');
  }
  return env;
}
