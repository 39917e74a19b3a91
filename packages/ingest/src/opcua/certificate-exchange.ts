/**
 * Trust for tests and the devnet, where one process plays both the device operator and the
 * gateway operator: the server is told to trust the gateway's certificate, and the gateway is
 * handed the server's certificate. In production each side's operator does this by hand (a file
 * in trusted/certs); nothing here accepts an unknown certificate on first sight.
 */
import type { Outcome } from '@mycel/kernel';
import type { OpcuaClientIdentity } from './client-identity.js';
import type { MeterServer } from './meter-server.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';

/** Makes `server` trust `identity`; answers the server certificate the client must be given. */
export async function exchangeCertificates(
  server: Pick<MeterServer, 'certificate' | 'trustClientCertificate'>,
  identity: Pick<OpcuaClientIdentity, 'certificate'>,
): Promise<Outcome<Buffer, OpcuaErrorCode>> {
  const trusted = await server.trustClientCertificate(identity.certificate);
  if (!trusted.ok) return trusted;
  return { ok: true, value: server.certificate };
}
