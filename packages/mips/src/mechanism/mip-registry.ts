/**
 * The MIP registry document: a signed, versioned list of MIPs by content id. A verifier loads the
 * modules it runs, checks each against the registry entry of its id (same descriptor, same
 * content id), and a federation's policy pack then pins which of those versions it accepts.
 */
import {
  type JsonValue,
  parseTimestamp,
  type SignatureEntry,
  type Signer,
  sealObject,
  type TrustStore,
  withSignature,
} from '@mycel/kernel';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DidSchema, MipIdSchema, SignaturesSchema, TimestampSchema } from '../kernel-parts.js';
import { REGISTRY_MIPS_MAX, REGISTRY_TITLE_CHARS_MAX } from '../limits.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { mipContentId } from './mip-descriptor.js';
import type { MipModule } from './mip-module.js';

const ContentId = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const MipRegistrySchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('mip-registry'),
    id: ContentId,
    issuer: DidSchema,
    sequence: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    issuedAt: TimestampSchema,
    mips: Type.Array(
      Type.Object(
        {
          mip: MipIdSchema,
          contentId: ContentId,
          title: Type.String({ maxLength: REGISTRY_TITLE_CHARS_MAX }),
        },
        { additionalProperties: false },
      ),
      { maxItems: REGISTRY_MIPS_MAX },
    ),
    signatures: SignaturesSchema,
  },
  { additionalProperties: false, title: 'Mycel MIP registry v1' },
);

export interface MipRegistry {
  readonly v: 1;
  readonly kind: 'mip-registry';
  readonly id: string;
  readonly issuer: string;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly mips: ReadonlyArray<{
    readonly mip: string;
    readonly contentId: string;
    readonly title: string;
  }>;
  readonly signatures: readonly SignatureEntry[];
}

const checkSchema = TypeCompiler.Compile(MipRegistrySchema);

export interface MipRegistryFields {
  readonly issuer: string;
  readonly sequence: number;
  readonly issuedAtMs: number;
  readonly modules: readonly MipModule[];
}

/** A registry listing `modules`, signed by `signer` (whose identity is the issuer). */
export function buildMipRegistry(fields: MipRegistryFields, signer: Signer): MipRegistry {
  const body = {
    v: 1 as const,
    kind: 'mip-registry' as const,
    issuer: fields.issuer,
    sequence: fields.sequence,
    issuedAt: new Date(fields.issuedAtMs).toISOString(),
    mips: fields.modules.map((module) => ({
      mip: module.id,
      contentId: mipContentId(module),
      title: module.title,
    })),
  };
  return withSignature(sealObject(body), 'mip-registry', signer) as unknown as MipRegistry;
}

/**
 * Checks a registry as received: its shape, that no MIP is listed twice, its id, and that its
 * issuer — one of `issuers` — signed it.
 */
export function checkMipRegistry(
  value: JsonValue,
  trust: TrustStore,
  issuers: ReadonlySet<string>,
): MipsResult<MipRegistry> {
  if (!checkSchema.Check(value)) {
    const first = checkSchema.Errors(value).First();
    return mipsFail('mip_registry_invalid', first?.message ?? 'not a registry', first?.path);
  }
  const registry = value as MipRegistry;
  const seen = new Set<string>();
  for (const [index, entry] of registry.mips.entries()) {
    if (seen.has(entry.mip)) {
      return mipsFail('mip_registry_invalid', `${entry.mip} is listed twice`, `/mips/${index}`);
    }
    seen.add(entry.mip);
  }
  const sealed = sealObject(registry);
  if (sealed.id !== registry.id) {
    return mipsFail('mip_registry_invalid', 'the registry does not hash to its id', '/id');
  }
  if (!issuers.has(registry.issuer)) {
    return mipsFail(
      'mip_registry_invalid',
      `${registry.issuer} is not a trusted registry issuer`,
      '/issuer',
    );
  }
  const atMs = parseTimestamp(registry.issuedAt);
  if (atMs === undefined)
    return mipsFail('mip_registry_invalid', 'issuedAt is not a date', '/issuedAt');
  const signers = trust.verifySignatures(
    registry.signatures as readonly SignatureEntry[],
    'mip-registry',
    registry.id,
    atMs,
  );
  if (!signers.ok || !signers.value.has(registry.issuer)) {
    return mipsFail(
      'mip_registry_invalid',
      `the issuer ${registry.issuer} did not sign`,
      '/signatures',
    );
  }
  return { ok: true, value: registry };
}

/** Checks that a module is the one the registry lists under its id. */
export function checkModuleListed(registry: MipRegistry, module: MipModule): MipsResult<true> {
  const entry = registry.mips.find((candidate) => candidate.mip === module.id);
  if (entry === undefined) {
    return mipsFail('mip_registry_entry_mismatch', `${module.id} is not in the registry`);
  }
  const actual = mipContentId(module);
  if (entry.contentId !== actual) {
    return mipsFail(
      'mip_registry_entry_mismatch',
      `${module.id}: the registry lists ${entry.contentId}, this module is ${actual}`,
    );
  }
  return { ok: true, value: true };
}
