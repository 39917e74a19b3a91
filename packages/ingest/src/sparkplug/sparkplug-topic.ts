/**
 * Sparkplug B topic names (Sparkplug 3.0 §4.1): spBv1.0/{group_id}/{message_type}/{edge_node_id}
 * for node messages, with /{device_id} appended for device messages, and spBv1.0/STATE/{host_id}
 * for a host application's state. Ids are non-empty and hold no MQTT separator or wildcard.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { SPARKPLUG_ID_CHARS_MAX } from '../limits/sparkplug.js';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';

export const SPARKPLUG_NAMESPACE = 'spBv1.0';
export const SPARKPLUG_NODE_MESSAGE_TYPES = ['NBIRTH', 'NDATA', 'NDEATH', 'NCMD'] as const;
export const SPARKPLUG_DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDATA', 'DDEATH', 'DCMD'] as const;
export type SparkplugMessageType =
  | (typeof SPARKPLUG_NODE_MESSAGE_TYPES)[number]
  | (typeof SPARKPLUG_DEVICE_MESSAGE_TYPES)[number];

/** Which stream a message belongs to: an edge node, or one device behind it. */
export interface SparkplugStreamRef {
  readonly group: string;
  readonly edge: string;
  readonly device?: string;
}

export type SparkplugTopic =
  | ({ readonly kind: 'message'; readonly type: SparkplugMessageType } & SparkplugStreamRef)
  | { readonly kind: 'state'; readonly hostId: string };

const isNodeType = (t: string): t is (typeof SPARKPLUG_NODE_MESSAGE_TYPES)[number] =>
  (SPARKPLUG_NODE_MESSAGE_TYPES as readonly string[]).includes(t);
const isDeviceType = (t: string): t is (typeof SPARKPLUG_DEVICE_MESSAGE_TYPES)[number] =>
  (SPARKPLUG_DEVICE_MESSAGE_TYPES as readonly string[]).includes(t);

function idProblem(id: string | undefined, what: string): string | undefined {
  if (id === undefined || id.length === 0) return `the ${what} is empty`;
  if (id.length > SPARKPLUG_ID_CHARS_MAX)
    return `the ${what} is over ${SPARKPLUG_ID_CHARS_MAX} characters`;
  if (/[+#]/.test(id)) return `the ${what} holds an MQTT wildcard`;
  return undefined;
}

/** Parse a topic; anything that is not a Sparkplug B topic is sparkplug_topic_invalid. */
export function parseSparkplugTopic(topic: string): Outcome<SparkplugTopic, SparkplugErrorCode> {
  const bad = (why: string) =>
    failWith('sparkplug_topic_invalid', `${JSON.stringify(topic.slice(0, 200))}: ${why}`);
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return bad(`the namespace is not ${SPARKPLUG_NAMESPACE}`);
  if (parts[1] === 'STATE') {
    if (parts.length !== 3) return bad('a STATE topic is spBv1.0/STATE/{host_id}');
    const problem = idProblem(parts[2], 'host id');
    return problem === undefined ? ok({ kind: 'state', hostId: parts[2]! }) : bad(problem);
  }
  const [, group, type, edge, device] = parts;
  if (parts.length < 4 || parts.length > 5) return bad('expected 4 or 5 levels');
  if (type === undefined || !(isNodeType(type) || isDeviceType(type))) {
    return bad(`unknown message type ${JSON.stringify(type)}`);
  }
  if (isNodeType(type) && parts.length !== 4) return bad(`${type} has no device level`);
  if (isDeviceType(type) && parts.length !== 5) return bad(`${type} needs a device level`);
  const problem =
    idProblem(group, 'group id') ??
    idProblem(edge, 'edge node id') ??
    (device === undefined ? undefined : idProblem(device, 'device id'));
  if (problem !== undefined) return bad(problem);
  return ok({
    kind: 'message',
    type,
    group: group!,
    edge: edge!,
    ...(device === undefined ? {} : { device }),
  });
}

/** The topic a stream's message of `type` is published on. */
export function sparkplugTopic(type: SparkplugMessageType, ref: SparkplugStreamRef): string {
  const base = `${SPARKPLUG_NAMESPACE}/${ref.group}/${type}/${ref.edge}`;
  return ref.device === undefined ? base : `${base}/${ref.device}`;
}
