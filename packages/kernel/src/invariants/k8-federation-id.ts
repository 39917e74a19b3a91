/**
 * Federation ids name sovereign zones (K8): lower-case DNS-like labels, the same pattern the proof
 * envelope's `federation` field uses, so a proof, a receipt, a policy pack and a treaty name a zone
 * the same way.
 */
import { Type } from '@sinclair/typebox';

export const FEDERATION_ID_PATTERN = '^[a-z0-9][a-z0-9.-]{0,62}$';

export const FederationIdSchema = Type.String({
  pattern: FEDERATION_ID_PATTERN,
  description:
    'a federation id: lower-case letters, digits, dots and hyphens, at most 63 characters',
});
