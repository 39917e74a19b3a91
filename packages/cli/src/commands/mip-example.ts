/**
 * `mycel mip example <mip> --out DIR --key KEY`: writes one of the MIP's vector cases as files a
 * producer would hold: the proof (re-issued by the key's identity and signed by it) and each
 * piece of raw evidence as its own file. It prints the `mycel mip assess` command that checks
 * them, at the case's verification time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProof, formatTimestamp, type Proof, signProof } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';

interface ExampleOptions extends OutputOptions {
  readonly out: string;
  readonly key: string;
  readonly case?: string;
}

export function registerMipExample(mip: Command): void {
  mip
    .command('example')
    .description("write one of a MIP's vector cases as a signed proof and evidence files")
    .argument('<mip>', 'the MIP id, e.g. mip-enr/generation-interval@1.0.0')
    .requiredOption('--out <dir>', 'folder for proof.json and the evidence files')
    .requiredOption('--key <path>', "the producer's key file: it becomes the proof's issuer")
    .option('--case <name>', 'which vector case (default: the first)')
    .option('--json', 'machine-readable output')
    .action((mipId: string, options: ExampleOptions) =>
      runCommand(options, async () => {
        const { REALITY_MIPS } = await import('@mycel/mips');
        const module = REALITY_MIPS.find((candidate) => candidate.id === mipId);
        if (module === undefined) {
          throw new CliError(
            'argument_invalid',
            `unknown MIP ${mipId}; known: ${REALITY_MIPS.map((m) => m.id).join(', ')}`,
          );
        }
        const vectors = module.vectors();
        const chosen =
          options.case === undefined
            ? vectors[0]
            : vectors.find((vector) => vector.name === options.case);
        if (chosen === undefined) {
          throw new CliError(
            'argument_invalid',
            `no case ${options.case}; cases: ${vectors.map((v) => v.name).join(', ')}`,
          );
        }
        const signer = readSigner(options.key);
        const issuer = signer.kid.slice(0, signer.kid.indexOf('#'));
        const { v: _v, id: _id, signatures: _s, verifications: _r, ...body } = chosen.case.proof;
        const reissued: Proof = buildProof({
          ...body,
          attestation: { ...body.attestation, issuer },
        });
        const signed = unwrap(signProof(reissued, signer));
        mkdirSync(options.out, { recursive: true });
        const proofPath = join(options.out, 'proof.json');
        writeFileSync(proofPath, `${JSON.stringify(signed, null, 2)}\n`);
        const evidencePaths = chosen.case.evidence.map((piece, index) => {
          const path = join(options.out, `evidence-${index + 1}.json`);
          writeFileSync(path, piece.bytes);
          return path;
        });
        const now = formatTimestamp(chosen.case.context.nowMs);
        const assess = [
          'mycel mip assess',
          proofPath,
          `--evidence ${evidencePaths.join(' ')}`,
          `--key <verifier key> --now ${now}`,
        ].join(' ');
        printResult(
          options,
          `${chosen.name}: ${chosen.description}\nwrote ${proofPath} and ${evidencePaths.length} evidence file(s)\ncheck it: ${assess}`,
          { case: chosen.name, proof: proofPath, evidence: evidencePaths, now },
        );
      }),
    );
}
