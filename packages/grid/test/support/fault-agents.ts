/**
 * Test-only agents that misbehave on request (test/fixtures/agents/<name>/index.js), run by the
 * pool straight from the repository as bundle references.
 */
import { fileURLToPath } from 'node:url';
import type { AgentRef } from '../../src/inference/turn-request.js';

export type FaultAgentName = 'throws' | 'hangs' | 'spins' | 'exits' | 'floods';

export function faultAgentDirectory(name: FaultAgentName): string {
  return fileURLToPath(new URL(`../fixtures/agents/${name}/`, import.meta.url));
}

export function faultAgent(name: FaultAgentName): AgentRef {
  return {
    kind: 'bundle',
    id: `fixture-${name}`,
    entryPath: `${faultAgentDirectory(name)}index.js`,
  };
}
