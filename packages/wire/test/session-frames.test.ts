import { describe, expect, it } from 'vitest';
import { SESSION_FRAME_BYTES_MAX } from '../src/limits.js';
import { nodeLinkFrameReader } from '../src/link-frames.js';
import { clientFrameReader, nodeFrameReader } from '../src/session-frames.js';

function codeOf(result: { ok: boolean; error?: { code: string } }) {
  return result.ok ? 'ok' : result.error?.code;
}

describe('session frames', () => {
  it('read the frames a client sends', () => {
    const turn = clientFrameReader.read('{"t":"turn","seq":1,"input":{"answer":"b"}}');
    expect(turn.ok && turn.value).toEqual({ t: 'turn', seq: 1, input: { answer: 'b' } });
    expect(codeOf(clientFrameReader.read(new TextEncoder().encode('{"t":"close"}')))).toBe('ok');
  });

  it('refuse oversize frames before parsing them', () => {
    const huge = `{"t":"turn","seq":1,"input":"${'x'.repeat(SESSION_FRAME_BYTES_MAX)}"}`;
    expect(codeOf(clientFrameReader.read(huge))).toBe('frame_too_large');
  });

  it('name what is wrong with a bad frame', () => {
    expect(codeOf(clientFrameReader.read('{"t":"turn",'))).toBe('frame_malformed');
    expect(codeOf(clientFrameReader.read('[1,2]'))).toBe('frame_malformed');
    expect(codeOf(clientFrameReader.read('{"t":"launch"}'))).toBe('frame_unknown_type');
    expect(codeOf(clientFrameReader.read('{"seq":1}'))).toBe('frame_unknown_type');
    expect(codeOf(clientFrameReader.read('{"t":"turn","seq":0,"input":1}'))).toBe(
      'frame_malformed',
    );
    expect(codeOf(clientFrameReader.read('{"t":"turn","seq":1.5,"input":1}'))).toBe(
      'frame_malformed',
    );
    expect(codeOf(clientFrameReader.read('{"t":"close","x":1}'))).toBe('frame_malformed');
    expect(codeOf(clientFrameReader.read(Uint8Array.of(0xff, 0xfe)))).toBe('frame_malformed');
  });

  it('keep the directions apart: a node frame is not a client frame', () => {
    expect(codeOf(clientFrameReader.read('{"t":"done","seq":1,"chunks":0}'))).toBe(
      'frame_unknown_type',
    );
    expect(codeOf(nodeFrameReader.read('{"t":"done","seq":1,"chunks":0}'))).toBe('ok');
    expect(codeOf(nodeLinkFrameReader.read('{"t":"turn","seq":1,"input":1}'))).toBe(
      'frame_unknown_type',
    );
  });

  it('check heartbeat contents', () => {
    const heartbeat = {
      t: 'heartbeat',
      seq: 3,
      free: { robot: 0, voice: 2, interactive: 10, batch: 1 },
      load: 0.5,
      sessions: 4,
      warm: ['tutor'],
      price: { minorPerMinute: 2, currency: 'EUR' },
    };
    expect(codeOf(nodeLinkFrameReader.read(JSON.stringify(heartbeat)))).toBe('ok');
    expect(codeOf(nodeLinkFrameReader.read(JSON.stringify({ ...heartbeat, load: 2 })))).toBe(
      'frame_malformed',
    );
    expect(
      codeOf(nodeLinkFrameReader.read(JSON.stringify({ ...heartbeat, warm: ['../etc'] }))),
    ).toBe('frame_malformed');
  });
});
