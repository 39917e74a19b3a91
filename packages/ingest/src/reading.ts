/**
 * One value read from a producer's device, whatever protocol carried it: the unit every ingest
 * adapter (Modbus SunSpec, OPC UA, Sparkplug B) hands to the gateway, which signs readings with
 * the device's key, keeps them in the evidence vault and turns them into MIP proofs.
 */

/** The protocols readings arrive over. */
export const INGEST_SOURCES = ['modbus-sunspec', 'opc-ua', 'sparkplug-b'] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

export interface Reading {
  /** did:key of the device that measured the value. */
  readonly device: string;
  readonly source: IngestSource;
  /** What was measured, named as the source names it (SunSpec point `WH`, an OPC UA node, a Sparkplug metric). */
  readonly metric: string;
  /** The value in `unit`, scale factors already applied. */
  readonly value: number;
  readonly unit: string;
  /** When the device measured it (RFC 3339, UTC). */
  readonly capturedAt: string;
  /** The value as it travelled (register words, scale factor, sequence number), for audits. */
  readonly raw?: Readonly<Record<string, number | string | boolean>>;
}
