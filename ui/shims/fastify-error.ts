// Browser stand-in for `@fastify/error`, covering what common/errors.ts uses: createError(code,
// message, statusCode) returning a constructor (callable with or without `new`) whose message
// replaces each `%s` with the next argument, as Node's util.format does for strings and numbers.

export interface FastifyError extends Error {
  code: string;
  statusCode?: number;
}

export interface FastifyErrorConstructor<E extends { code: string; statusCode?: number }, T extends unknown[]> {
  new (...args: T): FastifyError & E;
  (...args: T): FastifyError & E;
  readonly prototype: FastifyError & E;
}

function format(message: string, args: unknown[]): string {
  let i = 0;
  return message.replace(/%s/g, () => (i < args.length ? String(args[i++]) : '%s'));
}

export default function createError<C extends string, SC extends number, Arg extends unknown[] = unknown[]>(
  code: C, message: string, statusCode: SC,
): FastifyErrorConstructor<{ code: C; statusCode: SC }, Arg> {
  class CatalogueError extends Error {
    readonly code: C = code;
    readonly statusCode: SC = statusCode;
    constructor(...args: Arg) {
      super(format(message, args));
      this.name = 'FastifyError';
    }
  }
  const make = function (...args: Arg) {
    return new CatalogueError(...args);
  };
  make.prototype = CatalogueError.prototype;
  Object.defineProperty(make, Symbol.hasInstance, { value: (x: unknown) => x instanceof CatalogueError });
  return make as unknown as FastifyErrorConstructor<{ code: C; statusCode: SC }, Arg>;
}
