import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEvidenceVault } from '../../src/vault/open-evidence-vault.js';
import { describeEvidenceVaultConformance, expectCode } from './vault-conformance.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-vault-'));
let counter = 0;

describeEvidenceVaultConformance('sqlite', {
  async freshLocation() {
    counter += 1;
    return join(folder, `evidence-${counter}.db`);
  },
  async open(location, name) {
    return openEvidenceVault({ name, sqlitePath: location });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('opening an evidence vault', () => {
  it('needs exactly one of a SQLite path and a PostgreSQL URL: store_options_invalid', async () => {
    await expectCode(openEvidenceVault({ name: 'v' }), 'store_options_invalid');
    await expectCode(
      openEvidenceVault({ name: 'v', sqlitePath: ':memory:', postgresUrl: 'postgres://x/y' }),
      'store_options_invalid',
    );
  });

  it('refuses a URL that is not PostgreSQL: store_url_invalid', async () => {
    await expectCode(
      openEvidenceVault({ name: 'v', postgresUrl: 'mysql://x/y' }),
      'store_url_invalid',
    );
  });

  it('refuses an empty vault name: evidence_record_invalid', async () => {
    await expectCode(
      openEvidenceVault({ name: '', sqlitePath: ':memory:' }),
      'evidence_record_invalid',
    );
  });

  it('opens an in-memory vault under its name', async () => {
    const vault = await openEvidenceVault({ name: 'vault:memory', sqlitePath: ':memory:' });
    expect(vault.name).toBe('vault:memory');
    expect(vault.driver).toBe('sqlite');
    await vault.close();
  });
});
