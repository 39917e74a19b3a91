/** The Modbus TCP / SunSpec adapter's public surface, re-exported by the package index. */
export * as modbusLimits from '../limits/modbus.js';
export {
  MODBUS_ERROR_CODES,
  type ModbusError,
  type ModbusErrorCode,
  type ModbusResult,
} from './modbus-error-codes.js';
export { acPowerW, type PvSystem, planeOfArrayWm2, pvSystemAt } from './sim-pv-model.js';
export { SimulatedSite, type SimulatedSiteOptions, type SiteUnit } from './simulated-site.js';
export {
  type AccumulatorValue,
  type CommonValues,
  checkAccumulatorStep,
  checkMarker,
  decodeCommon,
  decodeInverter,
  decodeIrradiance,
  decodeMeter,
  decodeScaleFactor,
  type InverterValues,
  type IrradianceValues,
  type MeterValues,
  type ModelHeader,
  modelHeader,
} from './sunspec-decode.js';
export {
  COMMON_MODEL,
  INVERTER_MODEL,
  INVERTER_STATES,
  type InverterState,
  IRRADIANCE_MODEL,
  METER_MODEL,
  SUNSPEC_BASE_ADDRESS,
  SUNSPEC_END_MODEL_ID,
  SUNSPEC_INT16_NOT_IMPLEMENTED,
  SUNSPEC_MARKER,
} from './sunspec-map.js';
export {
  type ModelDirectory,
  SunSpecReader,
  type SunSpecReaderOptions,
  type SunSpecUnits,
} from './sunspec-reader.js';
export { type SunSpecServer, startSunSpecServer } from './sunspec-server.js';
export { acc32, acc32Words, int16, int16Word } from './sunspec-words.js';
