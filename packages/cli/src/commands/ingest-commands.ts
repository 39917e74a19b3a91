/**
 * The `mycel ingest` command group: where a producer's readings enter (packages/ingest) —
 * `simulate` (a SunSpec site on loopback to try things against) and `read` (one poll of a real
 * SunSpec device over Modbus TCP). Each loads @mycel/ingest only when it runs.
 */
import type { Command } from 'commander';
import { registerIngestRead } from './ingest-read.js';
import { registerIngestSimulate } from './ingest-simulate.js';

export function registerIngestCommands(program: Command): void {
  const ingest = program
    .command('ingest')
    .description("read a producer's SunSpec device over Modbus TCP, or simulate one");
  registerIngestSimulate(ingest);
  registerIngestRead(ingest);
}
