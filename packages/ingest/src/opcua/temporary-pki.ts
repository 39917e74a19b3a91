/**
 * A PKI folder (own/, trusted/, rejected/, issuers/) that lives only as long as one server or
 * client: made under os.tmpdir() for each run and removed on dispose, so no test or devnet run
 * writes a certificate into the repository or the home directory. Unknown certificates are never
 * accepted automatically: trust is what someone put in trusted/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { OPCUA_KEY_BITS } from '../limits/opcua.js';

export interface TemporaryPki {
  /** The temporary folder; the PKI store is its `pki/` child. */
  readonly folder: string;
  readonly certificateManager: OPCUACertificateManager;
  /** Where an operator places certificates this side trusts (DER or PEM files). */
  readonly trustedFolder: string;
  /** Disposes the certificate manager and removes the folder. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Makes and initialises a store in a fresh folder named after `label` (letters, digits, dashes). */
export async function createTemporaryPki(label: string): Promise<TemporaryPki> {
  const safe = label.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 32);
  const folder = await mkdtemp(join(tmpdir(), `mycel-opcua-${safe}-`));
  const certificateManager = new OPCUACertificateManager({
    rootFolder: join(folder, 'pki'),
    automaticallyAcceptUnknownCertificate: false,
    keySize: OPCUA_KEY_BITS,
    // No chokidar watchers: they hold handles and a store per run needs no live rescans.
    disableFileWatchers: true,
  });
  try {
    await certificateManager.initialize();
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  let disposed = false;
  return {
    folder,
    certificateManager,
    trustedFolder: certificateManager.trustedFolder,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await certificateManager.dispose();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
