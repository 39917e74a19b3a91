/**
 * The devnet's community-owned node (issue 5 §9): one node is a NodeCo of DEVNET_NODECO_OWNERS
 * families, each holding a few shares, with an operator and the federation's protocol party. The
 * record is signed with the node's own key (read from its data folder, as `mycel nodeco create
 * --node-key` does) and registered with the coordinator over its API, so fees the node earns from
 * here on split 70/20/10, the owners' 70 % pro rata to their shares.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_KEY_FILE } from '@mycel/grid';
import {
  buildNodeCo,
  ed25519SignerFromSeed,
  type NodeCo,
  signerFromPkcs8,
  withSignature,
} from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { DEVNET_NODECO_OWNERS } from '../limits.js';

export interface DevnetNodeCo {
  readonly node: string;
  readonly record: NodeCo;
}

/** One family's shares: 1 to 5, so the pro-rata split has remainders to hand out. */
function sharesOf(index: number): string {
  return String(1 + ((index * 7) % 5));
}

function newDid(): string {
  return ed25519SignerFromSeed(new Uint8Array(randomBytes(32))).key.did;
}

export async function registerDevnetNodeCo(options: {
  readonly coordinatorUrl: string;
  readonly grid: string;
  readonly protocol: string;
  readonly nodeDid: string;
  readonly nodeDataDir: string;
}): Promise<DevnetNodeCo> {
  const pkcs8 = readFileSync(join(options.nodeDataDir, NODE_KEY_FILE));
  const signer = signerFromPkcs8(new Uint8Array(pkcs8));
  if (!signer.ok || signer.value.key.did !== options.nodeDid) {
    throw new CliError(
      'devnet_failed',
      `the key in ${options.nodeDataDir} is not ${options.nodeDid}`,
    );
  }
  const owners = Array.from({ length: DEVNET_NODECO_OWNERS }, (_, index) => ({
    party: newDid(),
    shares: sharesOf(index),
    payTo: { rail: 'upi' as const, address: `family${index + 1}@upi` },
  }));
  const unsigned = buildNodeCo({
    federation: options.grid,
    node: options.nodeDid,
    operator: newDid(),
    protocol: options.protocol,
    owners,
    effectiveAt: new Date().toISOString(),
  });
  const record = withSignature(unsigned, 'nodeco', signer.value);
  const response = await fetch(`${options.coordinatorUrl}/v1/nodecos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(record),
  });
  if (response.status !== 201) {
    throw new CliError(
      'devnet_failed',
      `the coordinator refused the NodeCo record: ${response.status} ${await response.text()}`,
    );
  }
  return { node: options.nodeDid, record };
}
