/**
 * What a MIP module is: an id, a claim schema (TypeBox, exported as JSON Schema), the evidence
 * roles it requires, a reality verifier, the predicates it may settle, a case generator for the
 * calibration benchmark and its JSON vectors. Modules are plain values; the mechanism
 * (verify-reality.ts) opens the evidence and calls them.
 */
import type { JsonValue, Proof } from '@mycel/kernel';
import type { TSchema } from '@sinclair/typebox';
import type { MipsResult } from '../mips-error-codes.js';
import type { Prior, RealityResult } from '../probability/belief.js';
import type { Random } from '../probability/random.js';

/** One kind of raw evidence a proof of this MIP carries, recognised by its media type. */
export interface EvidenceRole {
  readonly role: string;
  /** Unique among the module's roles: a proof's evidence entry is matched to a role by it. */
  readonly mediaType: string;
  /** How it is captured, e.g. `lifetime energy register read over Modbus TCP (SunSpec 103 WH)`. */
  readonly capture: string;
  /** Whether the capturing instrument needs a valid calibration record. */
  readonly calibration: 'required' | 'recommended' | 'none';
  readonly required: boolean;
}

/** The evidence a verifier was given: each role's parsed JSON, after its digest was checked. */
export type OpenedEvidence = ReadonlyMap<string, JsonValue>;

export interface RealityContext {
  /** Wall clock of the verification, ms since the epoch. */
  readonly nowMs: number;
}

export interface RealityInput {
  readonly proof: Proof;
  readonly evidence: OpenedEvidence;
  readonly context: RealityContext;
}

/** One labelled synthetic case: a proof, its raw evidence bytes and the truth. */
export interface GeneratedCase {
  /** `honest` or a cheating model's name. */
  readonly label: string;
  readonly truth: boolean;
  readonly proof: Proof;
  /** Raw evidence by media type, exactly as the producer's vault would hold it. */
  readonly evidence: ReadonlyArray<{ readonly mediaType: string; readonly bytes: Uint8Array }>;
  readonly context: RealityContext;
}

/** A JSON vector: inputs and the result every implementation must reproduce. */
export interface VectorCase {
  readonly name: string;
  readonly description: string;
  readonly case: GeneratedCase;
}

export interface MipModule {
  /** `mip-<domain>/<type>@<semver>`. */
  readonly id: string;
  readonly title: string;
  /** Standards the claim and checks follow, for the registry and the docs. */
  readonly standards: readonly string[];
  /** Schema of the whole claim (subject, predicate, value, unit, window). */
  readonly claimSchema: TSchema;
  /** Predicates a proof of this MIP may carry and settle. */
  readonly predicates: readonly string[];
  readonly evidence: readonly EvidenceRole[];
  readonly prior: Prior;
  /** The cheating models the case generator knows, by name. */
  readonly cheatingModels: readonly string[];
  /** Kernel catalog entry: undefined when the claim matches the schema, or the first mismatch. */
  checkClaim(claim: unknown): string | undefined;
  /** The reality plane: a calibrated probability, or a coded refusal when the input is unusable. */
  verify(input: RealityInput): MipsResult<RealityResult>;
  /** `count` labelled cases: honest ones and each cheating model, mixed at the module's prior. */
  generate(random: Random, count: number): GeneratedCase[];
  /** Hand-picked cases frozen as JSON vectors. */
  vectors(): VectorCase[];
}
