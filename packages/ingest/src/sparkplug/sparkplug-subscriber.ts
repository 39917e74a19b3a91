/**
 * The MQTT shell around the pure tracker: a client that subscribes to every Sparkplug B topic on a
 * broker, feeds each message to the tracker with the time it arrived, turns live metrics into
 * `Reading`s and keeps them, so the gateway can ask, for [from, to), which readings arrived and
 * whether one unbroken stream produced them. Bad topics and bad payloads are reported and skipped;
 * the subscriber keeps running. Losing the broker breaks every stream (messages may be lost).
 */
import { type CodedError, failWith, type Outcome, ok } from '@mycel/kernel';
import { connectAsync, type MqttClient } from 'mqtt';
import { SPARKPLUG_CONNECT_TIMEOUT_MS, SPARKPLUG_KEEPALIVE_S } from '../limits/sparkplug.js';
import type { Reading } from '../reading.js';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';
import {
  type SparkplugInterval,
  SparkplugReadingLog,
  type SparkplugReadingOptions,
  sparkplugReadings,
} from './sparkplug-readings.js';
import { SparkplugStreamTracker } from './sparkplug-stream.js';
import type { SparkplugBreak } from './sparkplug-stream-results.js';
import { SPARKPLUG_NAMESPACE, type SparkplugStreamRef } from './sparkplug-topic.js';

export interface SparkplugSubscriberOptions extends SparkplugReadingOptions {
  /** mqtt://host:port of the broker. */
  readonly url: string;
  readonly clientId?: string;
  /** Milliseconds since the epoch; Date.now by default. Tests pass a controlled clock. */
  readonly clock?: () => number;
  readonly onReading?: (reading: Reading) => void;
  readonly onBreak?: (broken: SparkplugBreak) => void;
  readonly onError?: (error: CodedError<SparkplugErrorCode>, topic: string) => void;
}

export interface SparkplugSubscriberStats {
  readonly messages: number;
  readonly readings: number;
  readonly breaks: number;
  readonly errors: number;
}

export interface SparkplugSubscriber {
  readonly tracker: SparkplugStreamTracker;
  readonly stats: SparkplugSubscriberStats;
  /** The readings of `ref` captured in [fromMs, toMs) and whether continuity held (clock = now). */
  interval(ref: SparkplugStreamRef, fromMs: number, toMs: number): SparkplugInterval;
  close(): Promise<void>;
}

/** Connect, subscribe to spBv1.0/#, and start tracking; sparkplug_broker_unreachable if it cannot. */
export async function startSparkplugSubscriber(
  options: SparkplugSubscriberOptions,
): Promise<Outcome<SparkplugSubscriber, SparkplugErrorCode>> {
  const clock = options.clock ?? Date.now;
  const tracker = new SparkplugStreamTracker(clock());
  const log = new SparkplugReadingLog();
  const stats = { messages: 0, readings: 0, breaks: 0, errors: 0 };
  const unknownDevices = new Set<string>();
  let client: MqttClient;
  try {
    client = await connectAsync(
      options.url,
      {
        clientId:
          options.clientId ??
          `mycel-sparkplug-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
        connectTimeout: SPARKPLUG_CONNECT_TIMEOUT_MS,
        keepalive: SPARKPLUG_KEEPALIVE_S,
        clean: true,
      },
      false,
    );
    await client.subscribeAsync(`${SPARKPLUG_NAMESPACE}/#`, { qos: 1 });
  } catch (error) {
    return failWith('sparkplug_broker_unreachable', `${options.url}: ${(error as Error).message}`);
  }

  const reportError = (error: CodedError<SparkplugErrorCode>, topic: string) => {
    stats.errors += 1;
    options.onError?.(error, topic);
  };
  const reportBreak = (broken: SparkplugBreak) => {
    stats.breaks += 1;
    options.onBreak?.(broken);
  };

  client.on('message', (topic, payload) => {
    stats.messages += 1;
    const receivedAtMs = clock();
    const receipt = tracker.receive(topic, payload, receivedAtMs);
    for (const error of receipt.errors) reportError(error, topic);
    for (const broken of receipt.breaks) reportBreak(broken);
    const { readings, deviceKnown } = sparkplugReadings(receipt, receivedAtMs, options);
    if (!deviceKnown && receipt.ref !== undefined) {
      const key = JSON.stringify(receipt.ref);
      if (!unknownDevices.has(key)) {
        unknownDevices.add(key);
        reportError(
          { code: 'sparkplug_device_unknown', message: `no device identity for ${key}` },
          topic,
        );
      }
    }
    if (readings.length > 0 && receipt.ref !== undefined) {
      log.add(receipt.ref, readings);
      stats.readings += readings.length;
      for (const reading of readings) options.onReading?.(reading);
    }
  });

  let closing = false;
  let offline = false;
  client.on('close', () => {
    if (closing || offline) return;
    offline = true;
    const breaks = tracker.breakAll(
      'sparkplug_subscriber_offline',
      clock(),
      'the subscriber lost its broker connection',
    );
    for (const broken of breaks) reportBreak(broken);
  });
  client.on('connect', () => {
    offline = false;
  });

  return ok({
    tracker,
    stats,
    interval: (ref, fromMs, toMs) => log.interval(tracker, ref, fromMs, toMs, clock()),
    close: async () => {
      closing = true;
      await client.endAsync();
    },
  });
}
