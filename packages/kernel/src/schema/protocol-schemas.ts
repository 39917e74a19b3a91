/** Every protocol object's schema, by the file name it is published under in docs/spec/schemas/. */
import type { TSchema } from '@sinclair/typebox';
import { CapabilityAdvertSchema } from '../capability/capability-schema.js';
import { ContractEventSchema } from '../contract/contract-event-schema.js';
import { ContractTermsSchema } from '../contract/contract-terms-schema.js';
import {
  IdentityDocumentSchema,
  KeyRotationSchema,
  RevocationListSchema,
} from '../identity/identity-schemas.js';
import {
  DisclosureRequestSchema,
  EvidenceChallengeSchema,
} from '../invariants/k3-evidence-challenge-schema.js';
import { ReceiptSchema } from '../invariants/k7-receipt-schema.js';
import { PolicyPackSchema } from '../invariants/k8-policy-pack-schema.js';
import { TreatySchema } from '../invariants/k8-treaty-schema.js';
import { PolicyInputSchema } from '../policy/policy-input-schema.js';
import { ProofSchema } from '../proof/proof-schema.js';
import { VerificationSchema } from '../proof/verification-schema.js';
import { NodeCoSchema } from '../settlement/nodeco-schema.js';
import { ShareTransferSchema } from '../settlement/share-transfer-schema.js';

export const PROTOCOL_SCHEMAS: Readonly<Record<string, TSchema>> = {
  'proof-v1': ProofSchema,
  'verification-v1': VerificationSchema,
  'identity-v1': IdentityDocumentSchema,
  'key-rotation-v1': KeyRotationSchema,
  'revocation-list-v1': RevocationListSchema,
  'receipt-v1': ReceiptSchema,
  'policy-pack-v1': PolicyPackSchema,
  'treaty-v1': TreatySchema,
  'nodeco-v1': NodeCoSchema,
  'share-transfer-v1': ShareTransferSchema,
  // Evidence vaults (docs/spec/evidence-vault.md).
  'evidence-challenge-v1': EvidenceChallengeSchema,
  'disclosure-request-v1': DisclosureRequestSchema,
  // Discovery, coordination and policy decisions (docs/spec/registry.md, contracts.md,
  // policy-packs.md).
  'capability-v1': CapabilityAdvertSchema,
  'contract-terms-v1': ContractTermsSchema,
  'contract-event-v1': ContractEventSchema,
  'policy-input-v1': PolicyInputSchema,
};
