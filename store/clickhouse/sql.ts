/**
 * SQL text for ClickHouse, built only through this module: ClickHouse 18.16 has no query
 * parameters, so every value is written as a literal here, escaped by its type. Text from
 * users (label names and values, selectors, target fields) never reaches a query any other way.
 */

/** A fragment of SQL text that is safe to embed as is. */
export class Sql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A value a query may embed: escaped by type. Arrays become array literals. */
export type SqlValue = string | number | bigint | boolean | Sql | readonly SqlValue[];

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0', '\b': '\\b', '\f': '\\f',
};

/** A string literal: quotes, backslashes and control characters escaped. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\'\n\r\t\0\b\f]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

/** A numeric literal: a safe integer, or a finite number. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
  return Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : String(value);
}

/** The literal of one value. */
export function literal(value: SqlValue): string {
  if (value instanceof Sql) return value.text;
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `[${value.map(literal).join(', ')}]`;
}

/** SQL with every interpolated value escaped: sql`SELECT x FROM t WHERE name = ${name}`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += literal(values[i]!) + strings[i + 1]!;
  return new Sql(text);
}

/** Trusted SQL text written by this program (a table name from the schema, a compiled condition). */
export function raw(text: string): Sql {
  return new Sql(text);
}

/** Fragments joined by a separator. */
export function join(parts: readonly Sql[], separator: string): Sql {
  return new Sql(parts.map((p) => p.text).join(separator));
}

/** A set literal for `x IN ${set}`: `(a, b, …)`, or a set that matches nothing when empty. */
export function inSet(values: readonly SqlValue[]): Sql {
  return new Sql(values.length === 0 ? '(NULL)' : `(${values.map(literal).join(', ')})`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A database, table or cluster name: letters, digits and underscores, not starting with a digit. */
export function identifier(name: string): Sql {
  if (!IDENTIFIER.test(name)) throw new TypeError(`not a valid ClickHouse identifier: ${JSON.stringify(name)}`);
  return new Sql(`\`${name}\``);
}

/** Why a name cannot be a database or cluster name, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  return IDENTIFIER.test(name) ? undefined : 'must be letters, digits and underscores, not starting with a digit';
}
