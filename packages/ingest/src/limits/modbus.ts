/**
 * Every bound the Modbus TCP / SunSpec adapter enforces (docs/spec/ingest-modbus-sunspec.md).
 * Units are the last word of each name. The register addresses themselves are in
 * modbus/sunspec-map.ts: they are SunSpec's, not ours to tune.
 */

/** SunSpec scale factors a reading may carry: 10^−10 … 10^10 (the energy MIP refuses beyond). */
export const SUNSPEC_SCALE_FACTOR_MIN = -10;
export const SUNSPEC_SCALE_FACTOR_MAX = 10;
/** Most models the reader walks past before it gives up finding the end model (0xFFFF). */
export const SUNSPEC_MODELS_MAX = 32;
/** Most registers one Modbus read request asks for (Modbus application protocol: 125 for FC 3). */
export const MODBUS_READ_REGISTERS_MAX = 125;
/** How long the reader waits for one Modbus response before it calls the device gone, ms. */
export const MODBUS_RESPONSE_TIMEOUT_MS = 1000;
/** How long the reader waits for the TCP connection, ms. */
export const MODBUS_CONNECT_TIMEOUT_MS = 2000;
/** Modbus unit ids the simulated site answers on: inverter, revenue meter, met station. */
export const SIM_INVERTER_UNIT_ID = 1;
export const SIM_METER_UNIT_ID = 2;
export const SIM_MET_UNIT_ID = 3;
/** Step of the simulator's energy integral over simulated time, ms (1 min: the MIP's own step). */
export const SIM_INTEGRATION_STEP_MS = 60 * 1000;
/** The met station's POA irradiance register is the mean over this window before the read, ms. */
export const SIM_IRRADIANCE_MEAN_MS = 5 * 60 * 1000;
/** Largest `inflate` factor the simulator accepts (a cheat beyond ×10 is not a simulation). */
export const SIM_INFLATE_MAX = 10;
/** How many times the simulator retries binding a free loopback port before it gives up. */
export const SIM_BIND_ATTEMPTS_MAX = 5;
