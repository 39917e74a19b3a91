/**
 * The physical and data interfaces a production-node profile may name, each with the standard
 * it means. A profile (and the capability advert of a producer certified against it) names an
 * interface by this key; a key that is not here fails the profile check, so two profiles never
 * spell one interface two ways.
 */
export const PROFILE_INTERFACES = {
  'modbus-tcp-sunspec':
    'SunSpec Information Model over Modbus TCP (inverter model 103, meter model 203)',
  'mqtt-sparkplug-b':
    'Eclipse Sparkplug B 3.0 over MQTT (birth/death certificates, sequence numbers)',
  'opc-ua': 'OPC UA, IEC 62541 (client/server, signed and encrypted sessions)',
  epcis: 'GS1 EPCIS 2.0 event capture and query (JSON-LD), Core Business Vocabulary 2.0',
  xapi: 'xAPI 1.0.3 / IEEE 9274.1.1-2023 learning record store statements',
  'fhir-r4': 'HL7 FHIR R4 Observation resources',
  'ble-heart-rate': 'Bluetooth Heart Rate Service 0x180D (RR-interval field of the measurement)',
  'stac-api': 'SpatioTemporal Asset Catalog API (satellite scenes, e.g. Sentinel-2 L2A)',
} as const;

export type ProfileInterface = keyof typeof PROFILE_INTERFACES;
