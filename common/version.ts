import { readFileSync } from 'node:fs';

/** flamewatch's version, from package.json (two folders above the compiled `dist/common/`). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
