/** Compiled TypeBox checks that report the first mismatch as a JSON pointer and a reason. */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export interface SchemaMismatch {
  readonly path: string;
  readonly message: string;
}

export type SchemaCheck = (value: unknown) => SchemaMismatch | undefined;

export function compileSchema(schema: TSchema): SchemaCheck {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return undefined;
    const first = compiled.Errors(value).First();
    return { path: first?.path || '/', message: first?.message ?? 'does not match the schema' };
  };
}
