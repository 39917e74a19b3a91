/**
 * What the `mycel ingest` commands share: parsing their options (a bad value is
 * `argument_invalid`) and the defaults of the simulated site. Nothing here imports @mycel/ingest,
 * which the commands load only when they run.
 */
import { CliError } from '../cli-error.js';
import { PORT_MAX } from '../limits.js';
import { parseWholeNumber } from '../whole-number.js';

/** Where `mycel ingest simulate` listens by default: 502 needs root, 1502 is the usual stand-in. */
export const SIMULATE_PORT_DEFAULT = 1502;
/** The simulated site's place by default: Chennai, as in the devnet's producer microgrids. */
export const SIMULATE_SITE_DEFAULT = { lat: 13.08, lon: 80.27 } as const;
/** The simulated inverter's rated AC output by default, W. */
export const SIMULATE_RATED_W_DEFAULT = 5000;
/**
 * Largest rating the simulator takes, W: its W registers are int16 with W_SF at most 1, so
 * 327,670 W is the most they can hold.
 */
export const SIMULATE_RATED_W_MAX = 300_000;
/**
 * The simulated inverter's lifetime energy when the simulator starts, Wh: an acc32 of 0 means
 * "not implemented" in SunSpec, so a fresh site would be refused before its first sunlit minute.
 */
export const SIMULATE_INVERTER_START_WH = 1_000_000;
/** Modbus unit ids are one byte; 0 is broadcast, which never answers. */
export const MODBUS_UNIT_ID_MIN = 1;
export const MODBUS_UNIT_ID_MAX = 255;
/** Port of Modbus TCP (and so of SunSpec over it) on a real device. */
export const MODBUS_TCP_PORT = 502;

export interface ModbusAddress {
  readonly host: string;
  readonly port: number;
}

/** `HOST:PORT` or `[IPV6]:PORT`, port 1..65535. */
export function modbusAddressOption(text: string): ModbusAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):([^:]*)$/.exec(text);
  const port = match === null ? undefined : parseWholeNumber(match[3]!);
  if (match === null || port === undefined || port < 1 || port > PORT_MAX) {
    throw new CliError(
      'argument_invalid',
      `--modbus takes HOST:PORT (e.g. 192.168.1.50:${MODBUS_TCP_PORT}), not ${JSON.stringify(text)}`,
    );
  }
  return { host: match[1] ?? match[2]!, port };
}

export function listenPortOption(text: string): number {
  const port = parseWholeNumber(text);
  if (port === undefined || port > PORT_MAX) {
    throw new CliError('argument_invalid', `--port takes 0..${PORT_MAX}, not ${text}`);
  }
  return port;
}

export function unitIdOption(name: string, text: string): number {
  const unit = parseWholeNumber(text);
  if (unit === undefined || unit < MODBUS_UNIT_ID_MIN || unit > MODBUS_UNIT_ID_MAX) {
    throw new CliError(
      'argument_invalid',
      `${name} takes a Modbus unit id ${MODBUS_UNIT_ID_MIN}..${MODBUS_UNIT_ID_MAX}, not ${text}`,
    );
  }
  return unit;
}

/** A decimal number within min..max (e.g. a latitude); anything else is argument_invalid. */
export function decimalOption(name: string, text: string, min: number, max: number): number {
  const value = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new CliError('argument_invalid', `${name} takes a number ${min}..${max}, not ${text}`);
  }
  return value;
}
