/**
 * Who owns a colony: the federation's policy pack names its coordinators and the one colony each
 * owns. A coordinator that claims a colony the pack gives to another one, or that the pack of
 * the federation it claims does not name at all, is refused. Without any packs (a devnet canopy)
 * ownership is not checked.
 */
import type { PolicyPack } from '@mycel/kernel';
import { type MeshResult, meshFail } from '../mesh-error.js';

/** Federation id → its policy pack, as the operator configured them. */
export type FederationPacks = ReadonlyMap<string, Pick<PolicyPack, 'federation' | 'coordinators'>>;

export function checkColonyOwner(
  packs: FederationPacks | undefined,
  claim: { readonly coordinator: string; readonly federation: string; readonly colony: string },
): MeshResult<true> {
  if (packs === undefined) return { ok: true, value: true };
  const pack = packs.get(claim.federation);
  if (pack === undefined) {
    return meshFail(
      'summary_colony_not_owned',
      `no policy pack of ${claim.federation} is held: nobody is known to own colony ${claim.colony}`,
    );
  }
  const entries = pack.coordinators ?? [];
  const mine = entries.find((entry) => entry.did === claim.coordinator);
  if (mine === undefined) {
    return meshFail(
      'summary_colony_not_owned',
      `${claim.coordinator} is not a coordinator of ${claim.federation}`,
    );
  }
  if (mine.colony !== claim.colony) {
    const owner = entries.find((entry) => entry.colony === claim.colony);
    return meshFail(
      'summary_colony_not_owned',
      owner === undefined
        ? `${claim.federation} has no colony ${claim.colony}; ${claim.coordinator} owns ${mine.colony}`
        : `colony ${claim.colony} of ${claim.federation} is owned by ${owner.did}`,
    );
  }
  return { ok: true, value: true };
}
