import { SCHEMA_BASE_URI } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { COORDINATOR_FRAME_SCHEMAS, NODE_LINK_FRAME_SCHEMAS } from '../src/link-frames.js';
import { CLIENT_FRAME_SCHEMAS, NODE_FRAME_SCHEMAS } from '../src/session-frames.js';
import { WIRE_SCHEMAS } from '../src/wire-schemas-catalog.js';

describe('the published wire schemas', () => {
  it('give every schema the $id of the file it is published as', () => {
    for (const [name, schema] of Object.entries(WIRE_SCHEMAS)) {
      expect(schema.$id).toBe(`${SCHEMA_BASE_URI}${name}.json`);
      expect(schema.title).toMatch(/^OpenGrid .+ v1$/);
    }
  });

  it('publish every frame a reader accepts, once', () => {
    const readers = [
      CLIENT_FRAME_SCHEMAS,
      NODE_FRAME_SCHEMAS,
      NODE_LINK_FRAME_SCHEMAS,
      COORDINATOR_FRAME_SCHEMAS,
    ];
    const published = new Set(Object.values(WIRE_SCHEMAS));
    const frames = readers.flatMap((reader) => Object.values(reader));
    expect(frames.filter((schema) => !published.has(schema))).toEqual([]);
    const names = Object.keys(WIRE_SCHEMAS).filter((name) => name.startsWith('frame-'));
    expect(names).toHaveLength(frames.length);
  });
});
