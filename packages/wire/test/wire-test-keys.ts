/** Deterministic test keys: a seed byte repeated is enough to tell keys apart in tests. */
import { ed25519SignerFromSeed, type Signer } from '@mycel/kernel';

export function testSigner(seedByte: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seedByte));
}
