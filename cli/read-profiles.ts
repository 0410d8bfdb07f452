import { readFile } from 'node:fs/promises';
import { decodeProfile } from '../codec/decode.js';
import type { Profile } from '../codec/profile.js';
import { CliUsageError } from './cli-error.js';

/** Reads and decodes local pprof files, naming the file in any error. */
export async function readProfiles(files: readonly string[]): Promise<Profile[]> {
  if (files.length === 0) throw new CliUsageError('no profile files given');
  const profiles: Profile[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliUsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
    }
    try {
      profiles.push(decodeProfile(bytes));
    } catch (err) {
      if (err instanceof Error) err.message = `${file}: ${err.message}`;
      throw err;
    }
  }
  return profiles;
}
