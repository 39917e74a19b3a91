/** The ingest package's public surface: where producers' readings enter (ARCHITECTURE §8). */

// Modbus TCP SunSpec (modbus/) and the gateway that turns readings into signed MIP-ENR proofs (gateway/).
export * from './gateway/gateway-entry.js';
export { INGEST_ERROR_CODES, type IngestErrorCode } from './ingest-error-codes.js';
export * from './modbus/modbus-entry.js';
// OPC UA (opcua/): node-opcua loads on the first connect or server start, not on import.
export * from './opcua/opcua-entry.js';
export { INGEST_SOURCES, type IngestSource, type Reading } from './reading.js';
export * from './sources/sources-entry.js';
// MQTT Sparkplug B (sparkplug/): codec, stream continuity, subscriber and edge node simulator.
export * from './sparkplug/sparkplug-entry.js';
