/**
 * K6 typed domain neutrality: every claim names its MIP type and version; the kernel interprets no
 * domain meaning. A MIP the catalog knows gets its claim schema checked; an unknown MIP passes the
 * integrity plane but cannot be settled.
 */
import type { MipCatalog } from '../mip/mip-catalog.js';
import { parseMipId } from '../mip/mip-id.js';
import type { Proof } from '../proof/proof-schema.js';
import { fail, ok, type Result } from '../result.js';

export interface MipStanding {
  readonly mipKnown: boolean;
  readonly settleable: boolean;
}

export function checkTypedNeutrality(
  proof: Pick<Proof, 'mip' | 'claim'>,
  catalog: MipCatalog,
): Result<MipStanding> {
  if (parseMipId(proof.mip) === undefined) {
    return fail('mip_id_malformed', 'mip must be mip-<domain>/<type>@<semver>', '/mip');
  }
  const checkClaim = catalog.get(proof.mip);
  if (checkClaim === undefined) return ok({ mipKnown: false, settleable: false });
  const reason = checkClaim(proof.claim);
  if (reason !== undefined) return fail('mip_claim_invalid', `${proof.mip}: ${reason}`, '/claim');
  return ok({ mipKnown: true, settleable: true });
}
