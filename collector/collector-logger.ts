/** The logging the collector needs; a pino logger fits. */
export interface CollectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Discards everything. */
export const silentLogger: CollectorLogger = Object.freeze({ info() {}, warn() {}, error() {} });
