import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/**
 * Opens (creating when needed) a flamewatch database: incremental auto-vacuum (set before the
 * first table exists, so retention can return pages), WAL journal, `synchronous=NORMAL`.
 * In WAL mode a commit has been written to the WAL file before it returns, so killing the
 * process loses nothing committed; NORMAL only skips the fsync, which matters on power loss.
 */
export function openDatabase(path: string, maxBytes = 0): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  migrate(db);
  // A cap on the file: past it SQLite answers SQLITE_FULL, as on a full disk.
  if (maxBytes > 0) db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / (db.pragma('page_size', { simple: true }) as number)))}`);
  return db;
}
