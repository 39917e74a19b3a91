import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLogStore } from '../src/index.js';
import { describeLogStoreConformance } from './log-store-conformance.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-'));
let counter = 0;

describeLogStoreConformance('sqlite', {
  async freshLocation() {
    counter += 1;
    return join(folder, `log-${counter}.db`);
  },
  async open(location, origin) {
    return openSqliteLogStore({ path: location, origin });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});
