/** Helpers for the agriculture MIP tests: edit a generated case's evidence or claim and re-pack it. */
import { buildProof, type JsonValue } from '@mycel/kernel';
import {
  evidenceBytes,
  evidenceEntry,
  type GeneratedCase,
  type MipModule,
  verifyCase,
} from '../../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit parsed JSON freely
export type Doc = any;

/** The case's evidence documents by media type, parsed. */
export function docsOf(generated: GeneratedCase): Map<string, Doc> {
  return new Map(
    generated.evidence.map((e) => [e.mediaType, JSON.parse(new TextDecoder().decode(e.bytes))]),
  );
}

/** A copy of the case with its documents and claim edited, the proof rebuilt over the new bytes. */
export function edited(
  generated: GeneratedCase,
  edit: (docs: Map<string, Doc>, claim: Doc) => void,
): GeneratedCase {
  const docs = docsOf(generated);
  const claim = structuredClone(generated.proof.claim) as Doc;
  edit(docs, claim);
  const evidence = [...docs].map(([mediaType, doc]) => ({
    mediaType,
    bytes: evidenceBytes(doc as JsonValue),
  }));
  const { id: _id, signatures: _s, verifications: _v, ...body } = generated.proof;
  const proof = buildProof({
    ...body,
    claim,
    evidence: evidence.map((e) => evidenceEntry(e.mediaType, e.bytes, 'vault:producer')),
  });
  return { ...generated, proof, evidence };
}

/** The verification result, which a test expects to be ok. */
export function resultOf(module: MipModule, generated: GeneratedCase) {
  const result = verifyCase(module, generated);
  if (!result.ok)
    throw new Error(`expected a result, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The refusal code, which a test expects. */
export function codeOf(module: MipModule, generated: GeneratedCase): string {
  const result = verifyCase(module, generated);
  if (result.ok) throw new Error(`expected a refusal, got p = ${result.value.p}`);
  return result.error.code;
}
