/**
 * The claim and evidence documents of `mip-agr/cold-chain-custody@1.0.0`. The claim: shipment
 * `subject` (an EPC URI, GS1 EPC Tag Data Standard, e.g. `urn:epc:id:sscc:0614141.1234567890`)
 * stayed within [lowC, highC] °C from its first shipping to its last receiving, in the custody of
 * `custodians` in order. The events follow the shape of EPCIS 2.0 ObjectEvents (GS1 EPCIS 2.0 /
 * CBV 2.0: bizStep, readPoint, bizLocation, sensorElementList); the custodian of each event is an
 * extension field `mycel:custodian`. The logger document states the logger's id, accuracy,
 * logging interval and calibration end.
 */
import { Type } from '@sinclair/typebox';
import { DidSchema as KernelDid, TimestampSchema as KernelTimestamp } from '../kernel-parts.js';
import {
  COLD_CHAIN_CUSTODIANS_MAX,
  COLD_CHAIN_EVENTS_MAX,
  COLD_CHAIN_LOGGER_ACCURACY_C_MAX,
  COLD_CHAIN_LOGGING_INTERVAL_S_MAX,
  COLD_CHAIN_LOGGING_INTERVAL_S_MIN,
  COLD_CHAIN_READINGS_MAX,
  COLD_CHAIN_SHIPMENT_ID_CHARS_MAX,
  COLD_CHAIN_TEMPERATURE_C_MAX,
  COLD_CHAIN_TEMPERATURE_C_MIN,
} from '../limits.js';

export const COLD_CHAIN_MIP = 'mip-agr/cold-chain-custody@1.0.0';
export const COLD_CHAIN_PREDICATE = 'temperature-in-range';
/** UN/CEFACT Rec. 20 code for degrees Celsius, as EPCIS sensor reports spell it. */
export const COLD_CHAIN_UNIT = 'CEL';
export const COLD_CHAIN_EVENTS_MEDIA = 'application/vnd.mycel.agriculture.epcis-events+json';
export const COLD_CHAIN_LOGGER_MEDIA = 'application/vnd.mycel.agriculture.logger+json';

/** The kernel's timestamp and did:key schemas, typed as strings. */
const TimestampSchema = Type.Unsafe<string>(KernelTimestamp);
const DidSchema = Type.Unsafe<string>(KernelDid);
const Celsius = Type.Number({
  minimum: COLD_CHAIN_TEMPERATURE_C_MIN,
  maximum: COLD_CHAIN_TEMPERATURE_C_MAX,
});
const Id = Type.String({ minLength: 1, maxLength: COLD_CHAIN_SHIPMENT_ID_CHARS_MAX });

export const ColdChainClaimSchema = Type.Object(
  {
    subject: Type.String({
      pattern: '^urn:epc:id:(sscc|sgtin):[0-9.*]+$',
      maxLength: COLD_CHAIN_SHIPMENT_ID_CHARS_MAX,
    }),
    predicate: Type.Literal(COLD_CHAIN_PREDICATE),
    value: Type.Object(
      {
        lowC: Celsius,
        highC: Celsius,
        custodians: Type.Array(DidSchema, { minItems: 2, maxItems: COLD_CHAIN_CUSTODIANS_MAX }),
      },
      { additionalProperties: false },
    ),
    unit: Type.Literal(COLD_CHAIN_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const SensorReportSchema = Type.Object({
  type: Type.String({ maxLength: 64 }),
  /** Bounded like the claim range: a reading below absolute zero has no kinetic temperature. */
  value: Celsius,
  uom: Type.String({ maxLength: 16 }),
  time: TimestampSchema,
});

/**
 * `sensorMetadata.deviceMetadata` of a receiving custodian's own probe reading of the product's
 * core temperature at the dock (a second instrument, not the shipment's logger).
 */
export const COLD_CHAIN_PROBE_METADATA = 'urn:mycel:device:receiving-probe';

export const SensorElementSchema = Type.Object({
  sensorMetadata: Type.Object({ deviceID: Id, deviceMetadata: Type.Optional(Id) }),
  sensorReport: Type.Array(SensorReportSchema, { maxItems: COLD_CHAIN_READINGS_MAX }),
});

export const EpcisObjectEventSchema = Type.Object({
  type: Type.Literal('ObjectEvent'),
  eventTime: TimestampSchema,
  epcList: Type.Array(Id, { minItems: 1, maxItems: 16 }),
  action: Type.Literal('OBSERVE'),
  bizStep: Type.Union([Type.Literal('shipping'), Type.Literal('receiving')]),
  readPoint: Type.Object({ id: Id }),
  bizLocation: Type.Object({ id: Id }),
  'mycel:custodian': DidSchema,
  sensorElementList: Type.Optional(Type.Array(SensorElementSchema, { maxItems: 16 })),
});

export const EpcisDocumentSchema = Type.Object({
  type: Type.Literal('EPCISDocument'),
  schemaVersion: Type.Literal('2.0'),
  epcisBody: Type.Object({
    eventList: Type.Array(EpcisObjectEventSchema, { minItems: 2, maxItems: COLD_CHAIN_EVENTS_MAX }),
  }),
});

export const LoggerSchema = Type.Object(
  {
    loggerId: Id,
    /** ± °C, read as a 95 % band: the reading's standard deviation is half of it. */
    accuracyC: Type.Number({ exclusiveMinimum: 0, maximum: COLD_CHAIN_LOGGER_ACCURACY_C_MAX }),
    loggingIntervalS: Type.Number({
      minimum: COLD_CHAIN_LOGGING_INTERVAL_S_MIN,
      maximum: COLD_CHAIN_LOGGING_INTERVAL_S_MAX,
    }),
    calibrationValidUntil: TimestampSchema,
  },
  { additionalProperties: false },
);
