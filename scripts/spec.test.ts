import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSpecFiles, SHARED_CODES, SPEC_FOLDER } from './spec-files.js';

describe('generated spec files', () => {
  const files = buildSpecFiles();

  it.each([...files.keys()])('docs/spec/%s is what the code says (run `npm run spec`)', (path) => {
    const url = new URL(path, SPEC_FOLDER);
    expect(existsSync(url)).toBe(true);
    expect(readFileSync(url, 'utf8')).toBe(files.get(path));
  });

  it('has no stale schema files', () => {
    const onDisk = readdirSync(new URL('schemas/', SPEC_FOLDER)).map((name) => `schemas/${name}`);
    expect(onDisk.filter((path) => !files.has(path))).toEqual([]);
  });

  it('lists every code once, so no two layers reuse a code with another meaning', () => {
    const page = files.get('error-codes.md')!;
    const codes = [...page.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((match) => match[1]);
    expect(codes.length).toBeGreaterThan(60);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('publishes schemas that are plain JSON Schema with an $id', () => {
    for (const [path, text] of files) {
      if (!path.endsWith('.json')) continue;
      const schema = JSON.parse(text);
      expect(schema.$id).toMatch(/^https:\/\/mycel\.dev\/schemas\/[a-z-]+-v1\.json$/);
      // A document of several shapes (a contract event: one per type) is a union of closed objects.
      for (const shape of schema.anyOf ?? [schema]) {
        expect(shape.type, path).toBe('object');
        expect(shape.additionalProperties, path).toBe(false);
      }
    }
  });
  it('names each schema file after its $id, and publishes the OpenGrid wire objects', () => {
    for (const [path, text] of files) {
      if (!path.endsWith('.json')) continue;
      expect(JSON.parse(text).$id).toBe(`https://mycel.dev/${path}`);
    }
    for (const name of [
      'session-ticket-v1',
      'node-registration-v1',
      'open-session-request-v1',
      'frame-attach-v1',
      'frame-heartbeat-v1',
      'frame-link-error-v1',
    ]) {
      expect(files.has(`schemas/${name}.json`)).toBe(true);
    }
  });

  it('lists a code shared by layers in one table, and names it under the others', () => {
    const page = files.get('error-codes.md')!;
    for (const code of SHARED_CODES) {
      expect(page).toContain(`| \`${code}\` |`);
      expect(page).toMatch(new RegExp(`^Also, with the meaning listed above: .*\`${code}\``, 'm'));
    }
    for (const section of ['OpenGrid wire', 'Grid: inference plane', 'Mesh', 'SDK']) {
      expect(page).toContain(`## ${section}`);
    }
  });
});
