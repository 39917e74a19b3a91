/**
 * The Sparkplug B protobuf message types, built with protobufjs's reflection API from the field
 * numbers of the Sparkplug 3.0 specification (§6.4, "Payload"). Only what the ingest reads or the
 * simulator writes is defined: Payload, Metric, MetaData, PropertySet, PropertyValue and
 * PropertySetList. DataSet, Template and extension values are left out: protobuf skips unknown
 * fields, so a metric carrying one decodes with no value (see sparkplug-datatypes.ts).
 * The schema is proto2, as in the specification: scalar fields are optional, and the wire types
 * used (varint, fixed32, fixed64, length-delimited) are the same in either syntax.
 */
import protobuf from 'protobufjs';

const { Field, OneOf, Root, Type } = protobuf;

function typeWith(
  name: string,
  fields: readonly (readonly [string, number, string, 'repeated'?])[],
): protobuf.Type {
  const type = new Type(name);
  for (const [fieldName, id, fieldType, rule] of fields) {
    type.add(new Field(fieldName, id, fieldType, rule ?? 'optional'));
  }
  return type;
}

function oneOf(type: protobuf.Type, name: string, fieldNames: readonly string[]): void {
  type.add(new OneOf(name, [...fieldNames]));
}

const propertyValue = typeWith('PropertyValue', [
  ['type', 1, 'uint32'],
  ['is_null', 2, 'bool'],
  ['int_value', 3, 'uint32'],
  ['long_value', 4, 'uint64'],
  ['float_value', 5, 'float'],
  ['double_value', 6, 'double'],
  ['boolean_value', 7, 'bool'],
  ['string_value', 8, 'string'],
  ['propertyset_value', 9, 'PropertySet'],
  ['propertysets_value', 10, 'PropertySetList'],
]);
oneOf(propertyValue, 'value', [
  'int_value',
  'long_value',
  'float_value',
  'double_value',
  'boolean_value',
  'string_value',
  'propertyset_value',
  'propertysets_value',
]);

const propertySet = typeWith('PropertySet', [
  ['keys', 1, 'string', 'repeated'],
  ['values', 2, 'PropertyValue', 'repeated'],
]);

const propertySetList = typeWith('PropertySetList', [
  ['propertyset', 1, 'PropertySet', 'repeated'],
]);

const metaData = typeWith('MetaData', [
  ['is_multi_part', 1, 'bool'],
  ['content_type', 2, 'string'],
  ['size', 3, 'uint64'],
  ['seq', 4, 'uint64'],
  ['file_name', 5, 'string'],
  ['file_type', 6, 'string'],
  ['md5', 7, 'string'],
  ['description', 8, 'string'],
]);

const metric = typeWith('Metric', [
  ['name', 1, 'string'],
  ['alias', 2, 'uint64'],
  ['timestamp', 3, 'uint64'],
  ['datatype', 4, 'uint32'],
  ['is_historical', 5, 'bool'],
  ['is_transient', 6, 'bool'],
  ['is_null', 7, 'bool'],
  ['metadata', 8, 'MetaData'],
  ['properties', 9, 'PropertySet'],
  ['int_value', 10, 'uint32'],
  ['long_value', 11, 'uint64'],
  ['float_value', 12, 'float'],
  ['double_value', 13, 'double'],
  ['boolean_value', 14, 'bool'],
  ['string_value', 15, 'string'],
  ['bytes_value', 16, 'bytes'],
]);
oneOf(metric, 'value', [
  'int_value',
  'long_value',
  'float_value',
  'double_value',
  'boolean_value',
  'string_value',
  'bytes_value',
]);

const payload = typeWith('Payload', [
  ['timestamp', 1, 'uint64'],
  ['metrics', 2, 'Metric', 'repeated'],
  ['seq', 3, 'uint64'],
  ['uuid', 4, 'string'],
  ['body', 5, 'bytes'],
]);

// Nested types resolve by name inside one namespace (the specification's package name).
new Root()
  .define('org.eclipse.tahu.protobuf')
  .add(payload)
  .add(metric)
  .add(metaData)
  .add(propertySet)
  .add(propertyValue)
  .add(propertySetList);
payload.root.resolveAll();

/** The resolved Payload type: `encode` and `decode` of whole Sparkplug B payloads. */
export const SPARKPLUG_PAYLOAD_TYPE: protobuf.Type = payload;

/** Wire-level shapes as protobufjs hands them over (snake_case, as the specification names them). */
export type WireLong = bigint | number | { readonly low: number; readonly high: number };

export interface WirePropertyValue {
  type?: number;
  is_null?: boolean;
  int_value?: number;
  long_value?: WireLong;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
  propertyset_value?: WirePropertySet;
  propertysets_value?: { propertyset?: WirePropertySet[] };
}

export interface WirePropertySet {
  keys?: string[];
  values?: WirePropertyValue[];
}

export interface WireMetric {
  name?: string;
  alias?: WireLong;
  timestamp?: WireLong;
  datatype?: number;
  is_historical?: boolean;
  is_transient?: boolean;
  is_null?: boolean;
  metadata?: Record<string, unknown>;
  properties?: WirePropertySet;
  int_value?: number;
  long_value?: WireLong;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
  bytes_value?: Uint8Array;
}

export interface WirePayload {
  timestamp?: WireLong;
  metrics?: WireMetric[];
  seq?: WireLong;
  uuid?: string;
  body?: Uint8Array;
}
