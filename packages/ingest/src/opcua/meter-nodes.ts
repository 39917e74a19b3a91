/**
 * What the test/demo energy meter exposes, as plain strings a gateway can be configured with:
 * an object `EnergyMeter` with two AnalogItemType variables, the lifetime exported energy
 * (accumulator, Wh) and the instantaneous active power (W). Kept apart from the server so a
 * client configuration can name them without loading node-opcua.
 */

/** The browse names of the meter's variables: each becomes a Reading's `metric`. */
export const METER_BROWSE_NAMES = {
  meter: 'EnergyMeter',
  energy: 'ExportedEnergy',
  power: 'ActivePower',
} as const;

/** The meter's variables, by role. */
export type MeterVariable = 'energy' | 'power';

/** EngineeringUnits of each variable: UNECE Rec 20 common code and display text. */
export const METER_UNITS = {
  energy: { commonCode: 'WHR', displayName: 'Wh', description: 'watt hour' },
  power: { commonCode: 'WTT', displayName: 'W', description: 'watt' },
} as const satisfies Record<
  MeterVariable,
  { commonCode: string; displayName: string; description: string }
>;

/** String NodeIds (`ns=<index>;s=<name>`) of the meter's nodes in the server's own namespace. */
export function meterNodeIds(namespaceIndex: number): Record<'meter' | MeterVariable, string> {
  return {
    meter: `ns=${namespaceIndex};s=${METER_BROWSE_NAMES.meter}`,
    energy: `ns=${namespaceIndex};s=${METER_BROWSE_NAMES.meter}.${METER_BROWSE_NAMES.energy}`,
    power: `ns=${namespaceIndex};s=${METER_BROWSE_NAMES.meter}.${METER_BROWSE_NAMES.power}`,
  };
}
