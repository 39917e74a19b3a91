/** Offline checks of what a log hands out: nothing here trusts or contacts the log. */
import {
  canonicalBytes,
  hashLeaf,
  type NoteVerifierKey,
  openCheckpoint,
  type ProofBody,
  parseJsonBytes,
  parseVerifierKey,
  proofId,
  toBase64,
  verifyConsistency,
  verifyEd25519,
  verifyInclusion,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile, readInputJson, readInputText } from '../files.js';
import { readConsistencyAnswer, readHashes, readInclusionAnswer } from '../log-answers.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';

interface VerifyLogOptions extends OutputOptions {
  readonly vkey: string;
  readonly origin?: string;
}

interface VerifyInclusionOptions extends VerifyLogOptions {
  readonly answer: string;
  readonly proof: string;
  readonly checkpoint?: string;
}

function verifierKey(text: string): NoteVerifierKey {
  return unwrap(parseVerifierKey(text.trim()));
}

export function registerLogVerify(log: Command): void {
  log
    .command('verify-inclusion')
    .description("check that a proof is in the log: answer + proof file + the log's verifier key")
    .requiredOption('--answer <file>', "the log's answer to the POST, or `mycel log prove` output")
    .requiredOption('--proof <file>', 'the proof envelope that was logged')
    .requiredOption('--vkey <key>', "the log's verifier key, name+keyid+base64 (`mycel log key`)")
    .option(
      '--checkpoint <file>',
      'the checkpoint note to prove against, when the answer carries none',
    )
    .option('--origin <origin>', 'require this log origin')
    .option('--json', 'machine-readable output')
    .action((options: VerifyInclusionOptions) =>
      runCommand(options, () => {
        const answer = readInclusionAnswer(
          readInputJson(options.answer, 'answer_invalid'),
          options.checkpoint === undefined ? undefined : readInputText(options.checkpoint),
        );
        const checkpoint = unwrap(
          openCheckpoint(
            answer.checkpoint,
            [verifierKey(options.vkey)],
            verifyEd25519,
            options.origin,
          ),
        );
        if (checkpoint.size !== answer.treeSize)
          throw new CliError('answer_invalid', "the checkpoint is not for the answer's tree size");
        const proof = unwrap(parseJsonBytes(readInputFile(options.proof)));
        const id = proofId(proof as unknown as ProofBody);
        if (answer.id !== undefined && answer.id !== id)
          throw new CliError(
            'answer_invalid',
            `the answer is about ${answer.id}, the file is ${id}`,
          );
        unwrap(
          verifyInclusion({
            index: answer.index,
            size: answer.treeSize,
            leafHash: hashLeaf(canonicalBytes(proof)),
            proof: readHashes(answer.inclusion),
            root: checkpoint.root,
          }),
        );
        printResult(
          options,
          `ok ${id} is entry ${answer.index} of ${checkpoint.origin} at size ${checkpoint.size}`,
          {
            id,
            index: answer.index,
            treeSize: checkpoint.size,
            root: toBase64(checkpoint.root),
          },
        );
      }),
    );

  log
    .command('verify-consistency')
    .description(
      'check that a newer checkpoint extends an older one (no entry was changed or removed)',
    )
    .requiredOption('--old <file>', 'the older checkpoint note')
    .requiredOption('--new <file>', 'the newer checkpoint note')
    .requiredOption('--proof <file>', '`mycel log prove --old N` output, or GET /v1/consistency')
    .requiredOption('--vkey <key>', "the log's verifier key, name+keyid+base64")
    .option('--origin <origin>', 'require this log origin')
    .option('--json', 'machine-readable output')
    .action((options: VerifyLogOptions & { old: string; new: string; proof: string }) =>
      runCommand(options, () => {
        const keys = [verifierKey(options.vkey)];
        const older = unwrap(
          openCheckpoint(readInputText(options.old), keys, verifyEd25519, options.origin),
        );
        const newer = unwrap(
          openCheckpoint(readInputText(options.new), keys, verifyEd25519, options.origin),
        );
        const answer = readConsistencyAnswer(readInputJson(options.proof, 'answer_invalid'));
        if (answer.oldSize !== older.size || answer.newSize !== newer.size) {
          throw new CliError(
            'answer_invalid',
            'the proof is for other tree sizes than the checkpoints',
          );
        }
        unwrap(
          verifyConsistency({
            oldSize: older.size,
            newSize: newer.size,
            oldRoot: older.root,
            newRoot: newer.root,
            proof: readHashes(answer.consistency),
          }),
        );
        printResult(
          options,
          `ok size ${newer.size} extends size ${older.size} of ${newer.origin}`,
          {
            oldSize: older.size,
            newSize: newer.size,
          },
        );
      }),
    );
}
