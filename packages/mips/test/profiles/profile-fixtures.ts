/**
 * A certified microgrid and the means to break it one thing at a time: its day of signed
 * generation-interval proofs and its signed advert come from microgridExample (the energy MIP's
 * own scenario builders); the helpers rebuild one proof or the advert with a change and sign it
 * again, so each test breaks exactly the rule it names.
 */
import {
  buildCapabilityAdvert,
  buildProof,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  ed25519SignerFromSeed,
  type JsonValue,
  type Proof,
  type Signer,
  signProof,
  withSignature,
} from '@mycel/kernel';
import { loadProfile, microgridExample, type ProductionProfile } from '../../src/index.js';

export const producer = ed25519SignerFromSeed(new Uint8Array(32).fill(41));
export const stranger = ed25519SignerFromSeed(new Uint8Array(32).fill(42));

export function didOf(signer: Signer): string {
  return signer.kid.slice(0, signer.kid.indexOf('#'));
}

function profile(id: string): ProductionProfile {
  const loaded = loadProfile(id);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

export const microgrid = profile('microgrid');
export const microclinic = profile('microclinic');
export const day = microgridExample(microgrid, producer, { seed: 3 });

/** The example's proofs and advert as the JSON a certifier receives. */
export function asJson(values: readonly (Proof | CapabilityAdvert)[]): JsonValue[] {
  return values.map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** `proof` with its body changed by `change`, signed again by `signer` alone. */
export function resigned(
  proof: Proof,
  change: (body: Omit<Proof, 'v' | 'id' | 'signatures' | 'verifications'>) => void,
  signer: Signer = producer,
): Proof {
  const { v: _v, id: _id, signatures: _s, verifications: _r, ...body } = structuredClone(proof);
  change(body);
  const signed = signProof(buildProof(body), signer);
  if (!signed.ok) throw new Error(signed.error.message);
  return signed.value;
}

type AdvertBody = Omit<CapabilityAdvert, 'v' | 'kind' | 'id' | 'signatures'>;

/** The example's advert with `change` applied, sealed and signed by `signer`. */
export function advertWith(change: (body: AdvertBody) => void, signer: Signer = producer) {
  const { v: _v, kind: _k, id: _id, signatures: _s, ...body } = structuredClone(day.advert);
  change(body);
  return withSignature(buildCapabilityAdvert(body), CAPABILITY_KIND, signer);
}
