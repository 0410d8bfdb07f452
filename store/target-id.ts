import { randomBytes } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short random id for a target registered through the API, e.g. `k3x9q2mw`. */
export function shortId(length = 8): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}
