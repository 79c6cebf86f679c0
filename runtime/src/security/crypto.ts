// Secrets at rest and in transit: credential encryption (AES-256-GCM), the encryption key,
// hashes of tokens and API keys (SHA-256), and password hashes (scrypt).
import {
  createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, scryptSync, timingSafeEqual,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect, promisify } from 'node:util';

// ---------------------------------------------------------------------------------------------
// The encryption key

export const KEY_FILE_NAME = 'encryption.key';
const KEY_BYTES = 32;
/**
 * A passphrase in TERN_ENCRYPTION_KEY is stretched with scrypt. The salt is fixed (per format
 * version) because the same passphrase must give the same key on every start and on every worker;
 * a strong passphrase, or a random key as base64 or hex, is what keeps the key safe.
 */
const PASSPHRASE_SALT = 'tern/encryption-key/v1';
const PASSPHRASE_COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The key credentials are encrypted with. Printing or logging it never shows the key itself. */
export class EncryptionKey {
  constructor(
    /** @internal the raw 32 bytes */
    readonly bytes: Buffer,
    /** Where it came from: TERN_ENCRYPTION_KEY, or the key file in the data directory. */
    readonly source: 'env' | 'file',
    /** The key file, when the key is kept in one. */
    readonly file: string | null,
    /** True when this start created the key file: the moment to tell the user to back it up. */
    readonly created: boolean,
  ) {}

  toJSON() {
    return { source: this.source, file: this.file, created: this.created };
  }

  [inspect.custom]() {
    return `EncryptionKey { source: '${this.source}', file: ${JSON.stringify(this.file)} }`;
  }
}

/** 64 hex characters, or base64 / base64url of 32 bytes; null for anything else. */
function parseRawKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return null;
}

/**
 * The encryption key: from `envKey` (TERN_ENCRYPTION_KEY) when set — a 32-byte key as 64 hex
 * characters or base64, or else any passphrase, stretched with scrypt — or else from the file
 * `encryption.key` in the data directory, created on first start with mode 0600. The file sits
 * beside the database, never inside it, so a copy of the database alone does not reveal the
 * credentials. `envKey` is required (null when unset) so a caller cannot forget to pass it.
 */
export function loadEncryptionKey(options: { dataDir: string; envKey: string | null | undefined }): EncryptionKey {
  const envKey = options.envKey?.trim();
  if (envKey) {
    const bytes = parseRawKey(envKey) ?? scryptSync(envKey, PASSPHRASE_SALT, KEY_BYTES, PASSPHRASE_COST);
    return new EncryptionKey(bytes, 'env', null, false);
  }
  const file = path.join(path.resolve(options.dataDir), KEY_FILE_NAME);
  const existing = readKeyFile(file);
  if (existing) return new EncryptionKey(existing, 'file', file, false);
  mkdirSync(path.dirname(file), { recursive: true });
  const bytes = randomBytes(KEY_BYTES);
  try {
    // `wx`: never overwrite a key that another process wrote a moment ago (it would make the
    // credentials that process encrypts unreadable); mode 0600: readable by this user only.
    writeFileSync(file, `${bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return new EncryptionKey(readKeyFile(file)!, 'file', file, false);
    throw error;
  }
  return new EncryptionKey(bytes, 'file', file, true);
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const bytes = parseRawKey(text);
  if (!bytes) {
    throw new Error(`the encryption key file ${file} does not hold a 32-byte key (64 hex characters); restore it from a backup`);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Encryption: `v1:<iv>:<tag>:<ciphertext>`, each part base64. The version prefix leaves room to
// change the algorithm later and still read what was written before.

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value that cannot be decrypted: another key, altered data, or not Tern's format at all. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export function encrypt(plaintext: string, key: EncryptionKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

export function decrypt(payload: string, key: EncryptionKey): string {
  const [format, iv, tag, ciphertext, ...rest] = payload.split(':');
  if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new DecryptionError(`cannot decrypt: not a value encrypted by Tern (expected "${FORMAT}:iv:tag:data")`);
  }
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new DecryptionError('cannot decrypt: the value is damaged (bad IV or tag length)');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong key from altered data: both fail the authentication tag.
    throw new DecryptionError(
      'cannot decrypt: the value was encrypted with another key (check TERN_ENCRYPTION_KEY, or the ' +
        `${KEY_FILE_NAME} file in the data directory) or it has been altered`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens and API keys

/** SHA-256 hex of a session token or API key: they are random and long, so no salt is needed. */
export function hashSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random URL-safe token of `bytes` random bytes (32 by default: 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// Passwords: `scrypt$N$r$p$<salt>$<hash>` (base64). The cost travels with each hash, so it can be
// raised later without invalidating existing passwords.

const scryptAsync = promisify(scrypt) as (
  password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** ~50-100 ms and 32 MiB per hash on a small server: slow for guessing, fine for a sign-in. */
const PASSWORD_COST = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** scrypt needs 128·N·r bytes; leave room above it. */
const maxmemFor = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = PASSWORD_COST;
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, HASH_BYTES, { N, r, p, maxmem: maxmemFor(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether `password` matches `stored`; false (never an exception) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  // Bounds keep a corrupted row from asking for gigabytes of memory.
  const sane = scheme === 'scrypt' && rest.length === 0 && salt && hash &&
    Number.isInteger(N) && N > 1 && N <= 2 ** 20 && Number.isInteger(R) && R >= 1 && R <= 32 && Number.isInteger(P) && P >= 1 && P <= 16;
  if (!sane) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return timingSafeEqual(actual, expected);
}
