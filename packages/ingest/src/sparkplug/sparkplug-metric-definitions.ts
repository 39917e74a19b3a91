/**
 * The metric definitions a Sparkplug B birth registers (name, alias, datatype, unit), and how the
 * metrics of later messages are resolved against them: data messages may name a metric by alias
 * only and leave its value undecoded, so only the birth says what a metric is.
 */
import { type CodedError, failWith, type Outcome, ok } from '@mycel/kernel';
import type { SparkplugMetric } from './sparkplug-codec.js';
import { applyDatatype, isSupportedDatatype, type SparkplugValue } from './sparkplug-datatypes.js';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';

/** The metric property that names a metric's engineering unit. */
export const SPARKPLUG_UNIT_PROPERTY = 'engUnit';

/** A metric of a live stream with its name, datatype and unit resolved from the birth. */
export interface SparkplugResolvedMetric {
  readonly name: string;
  readonly alias?: number;
  readonly datatype: number;
  readonly value: SparkplugValue;
  readonly unit?: string;
  readonly timestampMs?: number;
  readonly isHistorical: boolean;
}

interface Definition {
  readonly name: string;
  readonly alias?: number;
  readonly datatype: number;
  readonly unit?: string;
}

/** The metrics one birth defined, by name and by alias. */
export interface Definitions {
  readonly byName: Map<string, Definition>;
  readonly byAlias: Map<number, Definition>;
}

function unitOf(metric: SparkplugMetric): string | undefined {
  const unit = metric.properties?.[SPARKPLUG_UNIT_PROPERTY];
  return typeof unit === 'string' ? unit : undefined;
}

/** The definitions a birth registers: every metric with a name and a datatype. */
export function definitionsOf(
  metrics: readonly SparkplugMetric[],
  errors: CodedError<SparkplugErrorCode>[],
): Definitions {
  const definitions: Definitions = { byName: new Map(), byAlias: new Map() };
  for (const m of metrics) {
    if (m.name === undefined || m.datatype === undefined) {
      errors.push({
        code: 'sparkplug_metric_invalid',
        message: `a birth metric ${m.name ?? `alias ${m.alias}`} has no ${m.name === undefined ? 'name' : 'datatype'}`,
      });
      continue;
    }
    const unit = unitOf(m);
    const definition: Definition = {
      name: m.name,
      datatype: m.datatype,
      ...(m.alias === undefined ? {} : { alias: m.alias }),
      ...(unit === undefined ? {} : { unit }),
    };
    definitions.byName.set(m.name, definition);
    if (m.alias !== undefined) definitions.byAlias.set(m.alias, definition);
  }
  return definitions;
}

export function resolveAll(
  metrics: readonly SparkplugMetric[],
  definitions: Definitions,
  errors: CodedError<SparkplugErrorCode>[],
): SparkplugResolvedMetric[] {
  const out: SparkplugResolvedMetric[] = [];
  for (const m of metrics) {
    const resolved = resolveMetric(m, definitions);
    if (resolved.ok) out.push(resolved.value);
    else errors.push(resolved.error);
  }
  return out;
}

function resolveMetric(
  m: SparkplugMetric,
  definitions: Definitions,
): Outcome<SparkplugResolvedMetric, SparkplugErrorCode> {
  const definition =
    (m.alias === undefined ? undefined : definitions.byAlias.get(m.alias)) ??
    (m.name === undefined ? undefined : definitions.byName.get(m.name));
  const label = m.name ?? `alias ${m.alias}`;
  if (definition === undefined) {
    return failWith('sparkplug_metric_unknown', `${label} is not defined by the birth`);
  }
  if (m.datatype !== undefined && m.datatype !== definition.datatype) {
    return failWith(
      'sparkplug_metric_invalid',
      `${label} is ${m.datatype}, the birth says ${definition.datatype}`,
    );
  }
  let value = m.value;
  if (value === undefined) {
    if (!isSupportedDatatype(definition.datatype)) {
      return failWith(
        'sparkplug_metric_invalid',
        `${label}: datatype ${definition.datatype} is not decoded`,
      );
    }
    const typed = applyDatatype(definition.datatype, m.wire);
    if (!typed.ok) return failWith('sparkplug_metric_invalid', `${label}: ${typed.error.message}`);
    value = typed.value;
  }
  const unit = unitOf(m) ?? definition.unit;
  return ok({
    name: definition.name,
    ...(definition.alias === undefined ? {} : { alias: definition.alias }),
    datatype: definition.datatype,
    value,
    ...(unit === undefined ? {} : { unit }),
    ...(m.timestampMs === undefined ? {} : { timestampMs: m.timestampMs }),
    isHistorical: m.isHistorical,
  });
}
