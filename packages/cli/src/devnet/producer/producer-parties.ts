/**
 * Everyone in the devnet's producer federation, each with a fresh Ed25519 key: the federation
 * (signs its policy pack), its verifier (signs reality-plane results) and dispute authority, the
 * two microgrids (one key each: it signs the gateway's proofs and the microgrid's advert), the
 * buyer, the honest microgrid's operator, the protocol, and the households that own it.
 */
import { randomBytes } from 'node:crypto';
import { ed25519SignerFromSeed, type Signer } from '@mycel/kernel';
import { PRODUCER_OWNERS } from '../../limits.js';

export interface ProducerParties {
  readonly federation: Signer;
  readonly verifier: Signer;
  readonly disputeAuthority: Signer;
  readonly honest: Signer;
  readonly cheat: Signer;
  readonly buyer: Signer;
  readonly operator: Signer;
  readonly protocol: Signer;
  /** The community microgrid's owners, each with their number of shares. */
  readonly owners: readonly { readonly party: string; readonly shares: bigint }[];
}

function freshSigner(): Signer {
  return ed25519SignerFromSeed(randomBytes(32));
}

export function producerParties(): ProducerParties {
  return {
    federation: freshSigner(),
    verifier: freshSigner(),
    disputeAuthority: freshSigner(),
    honest: freshSigner(),
    cheat: freshSigner(),
    buyer: freshSigner(),
    operator: freshSigner(),
    protocol: freshSigner(),
    // Uneven holdings, so the owners' 70 % visibly splits pro rata: 1, 2, 3, 1, 2, 3, ...
    owners: Array.from({ length: PRODUCER_OWNERS }, (_, index) => ({
      party: freshSigner().key.did,
      shares: BigInt((index % 3) + 1),
    })),
  };
}
