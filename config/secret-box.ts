import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Target } from './target.js';

/**
 * Secrets of targets at rest: a target's inline password or credentials are written sealed
 * (AES-256-GCM) and opened when read back, so the database never holds them in clear. The key
 * is 32 random bytes in a file of its own (mode 0600), made the first time a secret is sealed.
 */

const PREFIX = 'fwsealed:v1:';

/** Seals and opens strings with one key, loaded (or made) on first use. */
export class SecretBox {
  private key: Buffer | undefined;

  /** `keySource`: the key itself, or the path of the key file. */
  constructor(private readonly keySource: Buffer | string) {}

  /** A box with a random key of its own (an in-memory database). */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  private loadKey(create: boolean): Buffer | undefined {
    if (this.key) return this.key;
    if (Buffer.isBuffer(this.keySource)) return (this.key = this.keySource);
    if (existsSync(this.keySource)) {
      const key = readFileSync(this.keySource);
      if (key.length !== 32) throw new Error(`secret key file ${this.keySource} must hold 32 bytes`);
      return (this.key = key);
    }
    if (!create) return undefined;
    const key = randomBytes(32);
    mkdirSync(dirname(this.keySource), { recursive: true });
    writeFileSync(this.keySource, key, { mode: 0o600, flag: 'wx' });
    return (this.key = key);
  }

  /** `fwsealed:v1:` + base64 of IV, tag and ciphertext. */
  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(true)!, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The text of a sealed value; undefined when the key is missing or wrong. Plain text is returned as is. */
  open(value: string): string | undefined {
    if (!value.startsWith(PREFIX)) return value;
    const key = this.loadKey(false);
    if (!key) return undefined;
    const raw = Buffer.from(value.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

type Secrets = Pick<Target, 'basicAuth' | 'authorization'>;

/** A copy of `target` with its inline secrets sealed. */
export function sealSecrets<T extends Secrets>(target: T, box: SecretBox): T {
  const out = { ...target };
  if (target.basicAuth?.password !== undefined) out.basicAuth = { ...target.basicAuth, password: box.seal(target.basicAuth.password) };
  if (target.authorization?.credentials !== undefined) {
    out.authorization = { ...target.authorization, credentials: box.seal(target.authorization.credentials) };
  }
  return out;
}

/** A copy of `target` with its sealed secrets opened; a secret that cannot be opened is left out. */
export function openSecrets<T extends Secrets>(target: T, box: SecretBox): T {
  const out = { ...target };
  if (target.basicAuth?.password !== undefined) {
    const { password, ...rest } = target.basicAuth;
    const opened = box.open(password);
    out.basicAuth = opened === undefined ? rest : { ...rest, password: opened };
  }
  if (target.authorization?.credentials !== undefined) {
    const { credentials, ...rest } = target.authorization;
    const opened = box.open(credentials);
    out.authorization = opened === undefined ? rest : { ...rest, credentials: opened };
  }
  return out;
}
