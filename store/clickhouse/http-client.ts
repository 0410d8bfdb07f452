import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { StorageFull, StorageUnavailable } from '../../common/errors.js';
import { DEFAULTS } from '../../config/defaults.js';
import { raw } from './sql.js';
import type { Sql } from './sql.js';

/** ClickHouse's error codes this backend tells apart. */
const NOT_ENOUGH_SPACE = 243;
const CANNOT_WRITE_TO_FILE_DESCRIPTOR = 75;

/** An error ClickHouse answered: its numeric code and message. */
export class ClickHouseError extends Error {
  constructor(readonly clickhouseCode: number, message: string, readonly query: string) {
    super(message);
    this.name = 'ClickHouseError';
  }
}

/** Query settings, sent as URL parameters. */
export type Settings = Readonly<Record<string, string | number>>;

/** Options of {@link ClickHouseHttp}. */
export interface ClickHouseHttpOptions {
  /** Default database of the queries; none while the database is being created. */
  database?: string;
  timeoutMs?: number;
  /** Shared keep-alive pool; default one of this client's own. */
  dispatcher?: Dispatcher;
}

/**
 * One ClickHouse server over its HTTP interface (port 8123), with undici: queries in the body,
 * settings in the URL, credentials of the URL (`http://user:password@host:8123`) as basic
 * auth. Errors are mapped once here: a refused connection or a timeout is FW_STORAGE_UNAVAILABLE
 * (503), a full disk FW_STORAGE_FULL (507), any other answer a {@link ClickHouseError}.
 */
export class ClickHouseHttp {
  readonly url: string;
  private readonly base: URL;
  private readonly headers: Record<string, string> = {};
  private readonly dispatcher: Dispatcher;
  private readonly ownDispatcher: Agent | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly given: string, private readonly options: ClickHouseHttpOptions = {}) {
    const parsed = new URL(given);
    if (parsed.username !== '' || parsed.password !== '') {
      const user = decodeURIComponent(parsed.username), password = decodeURIComponent(parsed.password);
      this.headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.base = parsed;
    this.url = parsed.toString();
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.clickhouse.requestTimeoutMs;
    this.ownDispatcher = options.dispatcher === undefined ? new Agent({ keepAliveTimeout: 10_000, connections: 16 }) : undefined;
    this.dispatcher = options.dispatcher ?? this.ownDispatcher!;
  }

  /** The same server with another default database. */
  withDatabase(database: string): ClickHouseHttp {
    return new ClickHouseHttp(this.given, { ...this.options, database, dispatcher: this.dispatcher });
  }

  private target(settings: Settings, query?: string): URL {
    const u = new URL(this.base);
    if (this.options.database !== undefined) u.searchParams.set('database', this.options.database);
    for (const [k, v] of Object.entries(settings)) u.searchParams.set(k, String(v));
    if (query !== undefined) u.searchParams.set('query', query);
    return u;
  }

  private async send(url: URL, body: string | Uint8Array, query: string): Promise<Buffer> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'POST', body, headers: this.headers, dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      throw new StorageUnavailable(`ClickHouse at ${this.url} cannot be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
    let answer: Buffer;
    try {
      answer = Buffer.from(await res.body.arrayBuffer());
    } catch (err) {
      throw new StorageUnavailable(`ClickHouse at ${this.url} broke off its answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.statusCode === 200) return answer;
    const text = answer.toString('utf8').trim();
    const code = Number(/^Code: (\d+)/.exec(text)?.[1] ?? NaN);
    if (code === NOT_ENOUGH_SPACE || (code === CANNOT_WRITE_TO_FILE_DESCRIPTOR && /No space left/i.test(text))) {
      throw new StorageFull(`ClickHouse at ${this.url} has no space left`);
    }
    if (Number.isNaN(code)) throw new StorageUnavailable(`ClickHouse at ${this.url} answered status ${res.statusCode}: ${text.slice(0, 300)}`);
    throw new ClickHouseError(code, `ClickHouse at ${this.url}: ${text.slice(0, 2000)}`, query.slice(0, 2000));
  }

  /** Runs a statement (DDL, INSERT … SELECT, ALTER) and waits for it. */
  async exec(statement: Sql, settings: Settings = {}): Promise<void> {
    await this.send(this.target(settings), statement.text, statement.text);
  }

  /** The text of a query's answer (the query names its format). */
  async text(query: Sql, settings: Settings = {}): Promise<string> {
    return (await this.send(this.target(settings), query.text, query.text)).toString('utf8');
  }

  /** Rows of a query as objects: `FORMAT JSONEachRow` is appended (64-bit integers come as strings). */
  async rows<T>(query: Sql, settings: Settings = {}): Promise<T[]> {
    const text = await this.text(raw(`${query.text}\nFORMAT JSONEachRow`), settings);
    const out: T[] = [];
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) out.push(JSON.parse(text.slice(start, end)) as T);
      start = end + 1;
    }
    return out;
  }

  /** Inserts rows given in `format` (RowBinary, JSONEachRow) into `table`. */
  async insert(table: Sql, format: 'RowBinary' | 'JSONEachRow', body: Uint8Array | string, settings: Settings = {}): Promise<void> {
    const query = `INSERT INTO ${table.text} FORMAT ${format}`;
    await this.send(this.target(settings, query), body, query);
  }

  /** True when the server answers `/ping`. */
  async ping(): Promise<boolean> {
    try {
      const u = new URL(this.base);
      u.pathname = '/ping';
      const res = await request(u, { method: 'GET', headers: this.headers, dispatcher: this.dispatcher, headersTimeout: 5_000, bodyTimeout: 5_000 });
      return res.statusCode === 200 && (await res.body.text()).startsWith('Ok');
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.ownDispatcher?.close();
  }
}
