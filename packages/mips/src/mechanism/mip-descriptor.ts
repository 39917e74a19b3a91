/**
 * A MIP's descriptor: the JSON a registry lists by content id. It holds everything another
 * implementation needs to agree on the MIP — the claim's JSON Schema, the evidence roles, the
 * settleable predicates, the prior and the cheating models its verifier is calibrated against —
 * so two modules with the same id but different rules get different content ids.
 */
import { contentId, type JsonValue } from '@mycel/kernel';
import type { MipModule } from './mip-module.js';

/** TypeBox schemas carry symbol keys; JSON keeps only the JSON Schema itself. */
function plainJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

export function mipDescriptor(module: MipModule): JsonValue {
  return {
    mip: module.id,
    title: module.title,
    standards: [...module.standards],
    claimSchema: plainJson(module.claimSchema),
    predicates: [...module.predicates],
    evidence: module.evidence.map((role) => ({
      role: role.role,
      mediaType: role.mediaType,
      capture: role.capture,
      calibration: role.calibration,
      required: role.required,
    })),
    prior: { p: module.prior.p, logOddsSd: module.prior.logOddsSd },
    cheatingModels: [...module.cheatingModels],
  };
}

export function mipContentId(module: MipModule): string {
  return contentId(mipDescriptor(module));
}
