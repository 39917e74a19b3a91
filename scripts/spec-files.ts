/**
 * The generated parts of docs/spec: one JSON Schema per protocol object, and the table of every
 * error code a caller can get. `npm run spec` writes them; scripts/spec.test.ts checks that the
 * committed files are what the code says.
 */
import { CLI_ERROR_CODES, SERVICE_ERROR_CODES } from '@mycel/cli';
import {
  AGENT_ERROR_MEANINGS,
  ASSET_ERROR_MEANINGS,
  INFERENCE_ERROR_MEANINGS,
  NODE_ERROR_CODES,
  SETTLEMENT_ERROR_CODES,
} from '@mycel/grid';
import { INGEST_ERROR_CODES } from '@mycel/ingest';
import { ERROR_CODES, PROTOCOL_SCHEMAS } from '@mycel/kernel';
import { MESH_ERROR_CODES } from '@mycel/mesh';
import { MIPS_ERROR_CODES, MIPS_SCHEMAS } from '@mycel/mips';
import { SDK_ERROR_CODES } from '@mycel/sdk';
import { SIM_ERROR_CODES, VIOLATION_CODES } from '@mycel/sim';
import { STORE_ERROR_CODES } from '@mycel/store';
import { WIRE_ERROR_CODES, WIRE_SCHEMAS } from '@mycel/wire';

export const SPEC_FOLDER = new URL('../docs/spec/', import.meta.url);

/**
 * Codes that more than one layer gives for the same rule. Each is listed once, in the first
 * section that has it, and named again under the later ones; any other repeat is a mistake, and
 * buildSpecFiles throws on it.
 */
export const SHARED_CODES: ReadonlySet<string> = new Set([
  // The HTTP log service and the coordinator's API.
  'route_not_found',
  'internal_error',
  // The inference plane's codes a client hears unchanged (grid/src/node/wire-codes-of.ts).
  'agent_unknown',
  'agent_load_failed',
  'turn_failed',
  'turn_timeout',
  'turn_cancelled',
  'worker_lost',
  'backend_unavailable',
  'backend_error',
  // The asset plane's check, also the coordinator's answer to a bad upload.
  'asset_hash_mismatch',
  // The session store's checkpoint and journal rules, which the coordinator passes to nodes.
  'checkpoint_digest_mismatch',
  'checkpoint_too_large',
  'checkpoint_stale',
  'session_epoch_conflict',
  // The CLI and the gateway when a coordinator does not answer.
  'coordinator_unavailable',
  // Usage proofs: the session MIP's claim check, the node's and client's frame rules and the
  // coordinator's settlement rules name the same rule alike.
  'usage_claim_invalid',
  'usage_node_mismatch',
  'usage_price_mismatch',
  'request_malformed',
  // A claim that does not match its MIP's schema: the kernel's catalog check (K6) and the MIP
  // mechanism's reality-plane front door name the same rule.
  'mip_claim_invalid',
  // NodeCo documents: the store's rules, which the coordinator's API passes on.
  'nodeco_exists',
  'nodeco_unknown',
  'nodeco_transfer_conflict',
  // Treaties: the kernel's rule, which the mesh's treaty gate and the coordinator pass on.
  'treaty_expired',
  'treaty_not_yet_valid',
  'treaty_kind_not_listed',
  'treaty_mip_not_listed',
  'session_treaty_required',
  'treaty_jurisdiction_not_listed',
]);

interface CodeSection {
  readonly title: string;
  /** A sentence or two above the table, when the title is not enough. */
  readonly about?: string;
  readonly codes: Readonly<Record<string, string>>;
}

const SECTIONS: readonly CodeSection[] = [
  {
    title: 'Kernel (integrity plane, identities, transparency log, invariants)',
    codes: ERROR_CODES,
  },
  { title: 'Store', codes: STORE_ERROR_CODES },
  { title: 'Command line', codes: CLI_ERROR_CODES },
  { title: 'HTTP log service', codes: SERVICE_ERROR_CODES },
  {
    title: 'OpenGrid wire (session frames, control-link frames, coordinator HTTP answers)',
    about:
      'What a client, a node or a coordinator can be told on the wire (docs/spec/opengrid.md).',
    codes: WIRE_ERROR_CODES,
  },
  {
    title: 'Simulator (packages/sim)',
    about:
      'What `npm run sim` refuses, and the invariant violations a run can report (the report names the invariant, I1–I3, and the step).',
    codes: { ...SIM_ERROR_CODES, ...VIOLATION_CODES },
  },
  {
    title: 'Grid: node daemon',
    about: 'Failures an operator sees when a node starts; peers hear wire codes instead.',
    codes: NODE_ERROR_CODES,
  },
  {
    title: 'Grid: inference plane',
    about:
      'Outcomes of an agent init or turn inside the node. A client hears each as the wire code ' +
      'that names the same rule; a renamed code stays in the message (`worker_busy: …`).',
    codes: INFERENCE_ERROR_MEANINGS,
  },
  { title: 'Grid: agent definitions and backends', codes: AGENT_ERROR_MEANINGS },
  { title: 'Grid: assets and agent bundles', codes: ASSET_ERROR_MEANINGS },
  {
    title: 'Grid: settlement (usage proofs, NodeCo records, earnings)',
    about:
      'What a node hears in a `usage-ack` and what the coordinator answers on its settlement ' +
      'API (docs/spec/settlement.md).',
    codes: SETTLEMENT_ERROR_CODES,
  },
  {
    title: 'MIPs (packages/mips)',
    about:
      'Claim and envelope rules of the MIP proof types, their reality verifiers, and production-node profiles.',
    codes: MIPS_ERROR_CODES,
  },
  {
    title: 'Ingest (Modbus SunSpec, OPC UA, Sparkplug B, the gateway)',
    about:
      "Why a producer's readings were refused before they became a proof " +
      '(docs/spec/ingest-modbus-sunspec.md, ingest-opcua.md, ingest-sparkplug.md).',
    codes: INGEST_ERROR_CODES,
  },
  {
    title: 'Mesh (coordinates, latency matrices, membership, canopy, federations, switching)',
    codes: MESH_ERROR_CODES,
  },
  {
    title: 'SDK',
    about:
      'The client gave up on its own; every other failure an SDK caller gets carries the wire ' +
      'code the grid sent.',
    codes: SDK_ERROR_CODES,
  },
];

function codeTable(codes: readonly (readonly [string, string])[]): string {
  const rows = [...codes]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
  return ['| code | the rule it names |', '|---|---|', ...rows].join('\n');
}

/** One section: its own codes in a table, and the codes it shares with sections above. */
function sectionText(section: CodeSection, listedIn: Map<string, string>): string {
  const own: [string, string][] = [];
  const shared: string[] = [];
  for (const [code, meaning] of Object.entries(section.codes)) {
    const earlier = listedIn.get(code);
    if (earlier === undefined) {
      own.push([code, meaning]);
      listedIn.set(code, section.title);
    } else if (SHARED_CODES.has(code)) {
      shared.push(code);
    } else {
      throw new Error(
        `${code} is in both "${earlier}" and "${section.title}": rename one, or add it to SHARED_CODES if both name the same rule`,
      );
    }
  }
  const parts = [`## ${section.title}`];
  if (section.about !== undefined) parts.push(section.about);
  parts.push(codeTable(own));
  if (shared.length > 0) {
    const names = shared
      .sort()
      .map((code) => `\`${code}\``)
      .join(', ');
    parts.push(`Also, with the meaning listed above: ${names}.`);
  }
  return parts.join('\n\n');
}

function errorCodesPage(): string {
  const listedIn = new Map<string, string>();
  const sections = SECTIONS.map((section) => sectionText(section, listedIn));
  return `# Error codes

Generated by \`npm run spec\` from the code; do not edit by hand. Codes are protocol: they name
the broken rule and never change meaning. Kernel and OpenGrid wire codes are the same in every
implementation; the others belong to this implementation's store, CLI, HTTP log service, grid
daemons, mesh library and SDK. A code more than one layer gives names the same rule in each; it
is listed once, where it first appears.

${sections.join('\n\n')}
`;
}

/** Relative path under docs/spec → file text. */
export function buildSpecFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const catalog of [PROTOCOL_SCHEMAS, WIRE_SCHEMAS, MIPS_SCHEMAS]) {
    for (const [name, schema] of Object.entries(catalog)) {
      const path = `schemas/${name}.json`;
      if (files.has(path)) throw new Error(`two protocol schemas are named ${name}`);
      const document = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema };
      files.set(path, `${JSON.stringify(document, null, 2)}\n`);
    }
  }
  files.set('error-codes.md', errorCodesPage());
  return files;
}
