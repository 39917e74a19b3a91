/**
 * The node's data folder (`--data DIR`): its identity key and its settings. A restart with the
 * same folder is the same node (same did, same pinned coordinator). The key file is PKCS #8 DER,
 * mode 0600, in a folder of mode 0700, and never inside a git working tree.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ed25519Pkcs8FromSeed, type Signer, signerFromPkcs8 } from '@mycel/kernel';
import { type ClassCapacity, LATENCY_CLASSES, wireLimits } from '@mycel/wire';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  NODE_CLASS_SESSIONS_DEFAULT,
  NODE_CLASS_SESSIONS_MAX,
  NODE_PRICE_MINOR_PER_MINUTE_DEFAULT,
  NODE_SETTINGS_BYTES_MAX,
} from '../limits.js';
import { NodeStartError } from './node-error-codes.js';

export const NODE_KEY_FILE = 'node-key.pkcs8';
export const NODE_SETTINGS_FILE = 'settings.json';
/** Agent bundles fetched from the coordinator, verified and installed (assets/bundle-cache.ts). */
export const NODE_BUNDLES_FOLDER = 'bundles';

const Slots = Type.Integer({ minimum: 0, maximum: NODE_CLASS_SESSIONS_MAX });
const Label = Type.String({ minLength: 1, maxLength: wireLimits.LABEL_LENGTH_MAX });

const NodeSettingsSchema = Type.Object(
  {
    v: Type.Literal(1),
    label: Label,
    coordinatorUrl: Type.String({
      pattern: '^https?://',
      maxLength: wireLimits.ENDPOINT_LENGTH_MAX,
    }),
    capacity: Type.Object(
      { robot: Slots, voice: Slots, interactive: Slots, batch: Slots },
      { additionalProperties: false },
    ),
    price: Type.Object(
      {
        minorPerMinute: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
      },
      { additionalProperties: false },
    ),
    /** The coordinator key this node trusts: pinned by the operator, or on first use. */
    coordinatorDid: Type.Optional(
      Type.String({ pattern: '^did:key:z', maxLength: wireLimits.DID_LENGTH_MAX }),
    ),
    /** The grid that coordinator named in its challenge (the audience of its tickets). */
    grid: Type.Optional(Label),
  },
  { additionalProperties: false },
);
export type NodeSettings = Static<typeof NodeSettingsSchema>;
const checkSettings = TypeCompiler.Compile(NodeSettingsSchema);

export interface NodeData {
  readonly signer: Signer;
  readonly settings: NodeSettings;
}

/** What this start asks for; given values replace the stored ones and are saved. */
export interface NodeDataRequest {
  readonly dataDir: string;
  readonly coordinatorUrl: string;
  readonly label?: string;
  readonly capacity?: Partial<ClassCapacity>;
  readonly coordinatorKey?: string;
}

/** Where a node keeps its data when the operator names no folder. */
export function defaultNodeDataDir(): string {
  return join(homedir(), '.opengrid', 'node');
}

export function openNodeData(request: NodeDataRequest): NodeData {
  const folder = resolve(request.dataDir);
  const repository = enclosingRepository(folder);
  if (repository !== undefined) {
    throw new NodeStartError(
      'node_data_in_repository',
      `${folder} is inside the git working tree ${repository}; the node key must stay out of it`,
    );
  }
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const signer = openNodeKey(join(folder, NODE_KEY_FILE));
  const stored = readSettings(join(folder, NODE_SETTINGS_FILE));
  const settings = mergeSettings(stored, request);
  saveNodeSettings(folder, settings);
  return { signer, settings };
}

/** Writes settings.json atomically (a crash leaves the old or the new file, never half of one). */
export function saveNodeSettings(dataDir: string, settings: NodeSettings): void {
  const path = join(dataDir, NODE_SETTINGS_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

function openNodeKey(path: string): Signer {
  if (!existsSync(path)) {
    const pkcs8 = ed25519Pkcs8FromSeed(new Uint8Array(randomBytes(32)));
    writeFileSync(path, pkcs8, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const signer = signerFromPkcs8(new Uint8Array(readFileSync(path)));
  if (!signer.ok) {
    throw new NodeStartError('node_data_invalid', `${path} holds no usable PKCS #8 private key`);
  }
  return signer.value;
}

function readSettings(path: string): NodeSettings | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  if (bytes.byteLength > NODE_SETTINGS_BYTES_MAX) {
    throw new NodeStartError(
      'node_data_invalid',
      `${path} is over ${NODE_SETTINGS_BYTES_MAX} bytes`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new NodeStartError('node_data_invalid', `${path} is not JSON`);
  }
  if (!checkSettings.Check(value)) {
    const first = checkSettings.Errors(value).First();
    throw new NodeStartError(
      'node_data_invalid',
      `${path}: ${first?.path ?? ''} ${first?.message ?? 'not node settings'}`.trim(),
    );
  }
  return value;
}

function mergeSettings(stored: NodeSettings | undefined, request: NodeDataRequest): NodeSettings {
  const capacity = { ...(stored?.capacity ?? NODE_CLASS_SESSIONS_DEFAULT) };
  for (const latencyClass of LATENCY_CLASSES) {
    const slots = request.capacity?.[latencyClass];
    if (slots !== undefined) capacity[latencyClass] = slots;
  }
  const coordinatorDid = request.coordinatorKey ?? stored?.coordinatorDid;
  // A grid name belongs to the coordinator key it came with; a newly pinned key forgets it.
  const grid = coordinatorDid === stored?.coordinatorDid ? stored?.grid : undefined;
  const settings: NodeSettings = {
    v: 1,
    label: request.label ?? stored?.label ?? defaultLabel(),
    coordinatorUrl: request.coordinatorUrl,
    capacity,
    price: stored?.price ?? {
      minorPerMinute: NODE_PRICE_MINOR_PER_MINUTE_DEFAULT,
      currency: 'EUR',
    },
    ...(coordinatorDid === undefined ? {} : { coordinatorDid }),
    ...(grid === undefined ? {} : { grid }),
  };
  if (!checkSettings.Check(settings)) {
    const first = checkSettings.Errors(settings).First();
    throw new NodeStartError(
      'node_options_invalid',
      `${first?.path ?? ''} ${first?.message ?? 'invalid node options'}`.trim(),
    );
  }
  return settings;
}

function defaultLabel(): string {
  const name = hostname().slice(0, wireLimits.LABEL_LENGTH_MAX);
  return name === '' ? 'node' : name;
}

/** The git working tree that contains `folder` (symbolic links followed), if any. */
function enclosingRepository(folder: string): string | undefined {
  let existing = folder;
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  let current = join(realpathSync(existing), ...rest);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
