import { Type } from '@sinclair/typebox';
import type { TUnsafe } from '@sinclair/typebox';

/** A string limited to `values`, as a plain JSON-schema `enum` (so errors and OpenAPI list them). */
export function stringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
