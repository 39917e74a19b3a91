/**
 * A gateway's OPC UA application identity: a self-signed certificate and key in a temporary
 * PKI folder, made before the first connection so its certificate can be handed to the
 * server's operator (or to the meter server's trust helper) ahead of time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPCUA_CERTIFICATE_VALIDITY_DAYS } from '../limits/opcua.js';
import { certificateDer } from './certificate-der.js';
import { createTemporaryPki, type TemporaryPki } from './temporary-pki.js';

export interface OpcuaClientIdentity {
  /** `urn:mycel:ingest:opcua-client:<label>`, also in the certificate's subjectAltName. */
  readonly applicationUri: string;
  readonly applicationName: string;
  /** The client's certificate, DER: what the server's operator is given to trust. */
  readonly certificate: Buffer;
  /** The store holding the key and the server certificates this identity trusts. */
  readonly pki: TemporaryPki;
  /** Where node-opcua looks for the client certificate (own/certs/client_certificate.pem). */
  readonly certificateFile: string;
  /** Removes the key, the certificate and the folder. */
  dispose(): Promise<void>;
}

export async function createOpcuaClientIdentity(label = 'gateway'): Promise<OpcuaClientIdentity> {
  const pki = await createTemporaryPki(`${label}-client`);
  try {
    const applicationUri = `urn:mycel:ingest:opcua-client:${label}`;
    const applicationName = `Mycel ingest ${label}`;
    const certificateFile = join(
      pki.certificateManager.rootDir,
      'own',
      'certs',
      'client_certificate.pem',
    );
    await pki.certificateManager.createSelfSignedCertificate({
      applicationUri,
      subject: `/CN=${applicationName}/O=Mycel`,
      dns: [],
      ip: [],
      startDate: new Date(),
      validity: OPCUA_CERTIFICATE_VALIDITY_DAYS,
      outputFile: certificateFile,
    });
    const der = certificateDer(await readFile(certificateFile, 'latin1'));
    if (!der.ok) throw new Error(der.error.message);
    return {
      applicationUri,
      applicationName,
      certificate: der.value,
      pki,
      certificateFile,
      dispose: () => pki.dispose(),
    };
  } catch (error) {
    await pki.dispose();
    throw error;
  }
}
