/**
 * The rule that turns one OPC UA DataValue into a Reading, without a server: which statuses,
 * values, timestamps and units make a reading, and the code of each refusal.
 */
import { describe, expect, it } from 'vitest';
import {
  OPCUA_BAD_NODE_ID_UNKNOWN,
  type OpcuaValueRead,
  opcuaReading,
} from '../../src/opcua/opcua-reading.js';

const DEVICE = 'did:key:z6MkMeter';
const GOOD: OpcuaValueRead = {
  nodeId: 'ns=1;s=EnergyMeter.ExportedEnergy',
  browseName: 'ExportedEnergy',
  status: { code: 0, name: 'Good' },
  dataType: 'Double',
  value: 1234.5,
  sourceTimestamp: new Date('2026-06-01T10:15:00.250Z'),
  engineeringUnit: 'Wh',
};

function refusal(read: Partial<OpcuaValueRead>, units?: Record<string, string>) {
  const outcome = opcuaReading(DEVICE, { ...GOOD, ...read }, units);
  return outcome.ok ? 'accepted' : outcome.error.code;
}

describe('opcuaReading', () => {
  it('makes a Reading from a Good Double with EngineeringUnits and a SourceTimestamp', () => {
    expect(opcuaReading(DEVICE, GOOD)).toEqual({
      ok: true,
      value: {
        device: DEVICE,
        source: 'opc-ua',
        metric: 'ExportedEnergy',
        value: 1234.5,
        unit: 'Wh',
        capturedAt: '2026-06-01T10:15:00.250Z',
        raw: { statusCode: 0, nodeId: GOOD.nodeId, dataType: 'Double' },
      },
    });
  });

  it('reads 64-bit accumulators sent as [high, low] words, signed and unsigned', () => {
    const unsigned = opcuaReading(DEVICE, { ...GOOD, dataType: 'UInt64', value: [1, 5] });
    expect(unsigned.ok && unsigned.value.value).toBe(2 ** 32 + 5);
    const signed = opcuaReading(DEVICE, {
      ...GOOD,
      dataType: 'Int64',
      value: [0xffffffff, 0xfffffffe],
    });
    expect(signed.ok && signed.value.value).toBe(-2);
    expect(refusal({ dataType: 'UInt64', value: [0x00400000, 0] })).toBe('opcua_value_not_numeric');
  });

  it('takes the unit from the map, by node id or browse name, only when EngineeringUnits is absent', () => {
    const byNode = opcuaReading(
      DEVICE,
      { ...GOOD, engineeringUnit: undefined },
      { [GOOD.nodeId]: 'kWh' },
    );
    expect(byNode.ok && byNode.value.unit).toBe('kWh');
    const byName = opcuaReading(
      DEVICE,
      { ...GOOD, engineeringUnit: undefined },
      { ExportedEnergy: 'Wh' },
    );
    expect(byName.ok && byName.value.unit).toBe('Wh');
    const server = opcuaReading(DEVICE, GOOD, { ExportedEnergy: 'kWh' });
    expect(server.ok && server.value.unit).toBe('Wh');
  });

  it('refuses a value without a unit', () => {
    expect(refusal({ engineeringUnit: undefined })).toBe('opcua_unit_unknown');
  });

  it('refuses a Bad status', () => {
    expect(refusal({ status: { code: 0x808b0000, name: 'BadSensorFailure' } })).toBe(
      'opcua_status_not_good',
    );
  });

  it('refuses an Uncertain status', () => {
    expect(refusal({ status: { code: 0x408f0000, name: 'UncertainLastUsableValue' } })).toBe(
      'opcua_status_not_good',
    );
  });

  it('names an unknown node as such', () => {
    expect(refusal({ status: { code: OPCUA_BAD_NODE_ID_UNKNOWN, name: 'BadNodeIdUnknown' } })).toBe(
      'opcua_node_unknown',
    );
  });

  it('refuses a value that is not a finite number', () => {
    expect(refusal({ dataType: 'String', value: '12' })).toBe('opcua_value_not_numeric');
    expect(refusal({ value: Number.NaN })).toBe('opcua_value_not_numeric');
    expect(refusal({ value: Number.POSITIVE_INFINITY })).toBe('opcua_value_not_numeric');
  });

  it('refuses a value without a SourceTimestamp', () => {
    expect(refusal({ sourceTimestamp: null })).toBe('opcua_timestamp_missing');
  });

  it('refuses a node without a usable browse name', () => {
    expect(refusal({ browseName: undefined })).toBe('opcua_metric_invalid');
    expect(refusal({ browseName: 'x'.repeat(129) })).toBe('opcua_metric_invalid');
  });
});
