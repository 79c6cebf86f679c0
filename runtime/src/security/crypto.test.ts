import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { useTempDirs } from '../db/suite/temp-dirs.js';
import {
  DecryptionError, decrypt, encrypt, hashPassword, hashSecret, KEY_FILE_NAME, loadEncryptionKey, randomToken, verifyPassword,
} from './crypto.js';

const dataDir = useTempDirs('tern-crypto-');

const keyFromEnv = (envKey: string) => loadEncryptionKey({ dataDir: dataDir(), envKey });
const SECRET = JSON.stringify({ host: 'smtp.example.com', password: 'hunter2' });

describe('credential encryption', () => {
  test('decrypts what it encrypted; the same value never encrypts the same way twice', () => {
    const key = keyFromEnv(randomBytes(32).toString('hex'));
    const first = encrypt(SECRET, key);
    const second = encrypt(SECRET, key);
    expect(first).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('hunter2');
    expect(decrypt(first, key)).toBe(SECRET);
    expect(decrypt(second, key)).toBe(SECRET);
    expect(decrypt(encrypt('', key), key)).toBe('');
  });

  test('another key fails with an error that says what to check', () => {
    const sealed = encrypt(SECRET, keyFromEnv(randomBytes(32).toString('hex')));
    const other = keyFromEnv(randomBytes(32).toString('hex'));
    expect(() => decrypt(sealed, other)).toThrow(DecryptionError);
    expect(() => decrypt(sealed, other)).toThrow(/another key \(check TERN_ENCRYPTION_KEY, or the encryption\.key file/);
  });

  test('an altered ciphertext, tag or IV fails instead of returning garbage', () => {
    const key = keyFromEnv(randomBytes(32).toString('hex'));
    const [format, iv, tag, data] = encrypt(SECRET, key).split(':') as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      return bytes.toString('base64');
    };
    for (const altered of [[format, iv, tag, flip(data)], [format, iv, flip(tag), data], [format, flip(iv), tag, data]]) {
      expect(() => decrypt(altered.join(':'), key)).toThrow(/altered/);
    }
    expect(() => decrypt([format, iv, tag.slice(0, 8), data].join(':'), key)).toThrow(/damaged/);
  });

  test('a value not in the versioned format is refused as such', () => {
    const key = keyFromEnv(randomBytes(32).toString('hex'));
    for (const payload of ['plain text', 'v2:a:b:c', 'v1:only:three', '']) {
      expect(() => decrypt(payload, key)).toThrow(/not a value encrypted by Tern/);
    }
  });
});

describe('the encryption key', () => {
  test('without TERN_ENCRYPTION_KEY a key file is created in the data directory, readable by its owner only', () => {
    const dir = path.join(dataDir(), 'fresh', 'data');
    const key = loadEncryptionKey({ dataDir: dir, envKey: null });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(key).toMatchObject({ source: 'file', file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const again = loadEncryptionKey({ dataDir: dir, envKey: undefined });
    expect(again).toMatchObject({ source: 'file', created: false });
    expect(decrypt(encrypt(SECRET, key), again)).toBe(SECRET);
  });

  test('a key file that does not hold a key stops the start with a clear error', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, KEY_FILE_NAME), 'not a key\n');
    expect(() => loadEncryptionKey({ dataDir: dir, envKey: null })).toThrow(/does not hold a 32-byte key/);
  });

  test('TERN_ENCRYPTION_KEY as hex or base64 is the key itself, and no key file is written', () => {
    const raw = randomBytes(32);
    const dir = dataDir();
    const fromHex = loadEncryptionKey({ dataDir: dir, envKey: raw.toString('hex') });
    const fromBase64 = keyFromEnv(raw.toString('base64'));
    const fromBase64Url = keyFromEnv(` ${raw.toString('base64url')}\n`);
    expect(fromHex).toMatchObject({ source: 'env', file: null, created: false });
    expect(existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
    const sealed = encrypt(SECRET, fromHex);
    expect(decrypt(sealed, fromBase64)).toBe(SECRET);
    expect(decrypt(sealed, fromBase64Url)).toBe(SECRET);
  });

  test('TERN_ENCRYPTION_KEY as a passphrase gives the same key on every start, and another one gives another', () => {
    const sealed = encrypt(SECRET, keyFromEnv('correct horse battery staple'));
    expect(decrypt(sealed, keyFromEnv('correct horse battery staple'))).toBe(SECRET);
    expect(() => decrypt(sealed, keyFromEnv('correct horse battery stapler'))).toThrow(DecryptionError);
  });

  test('printing or logging the key never shows it', () => {
    const hex = randomBytes(32).toString('hex');
    const key = keyFromEnv(hex);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    for (const shown of [JSON.stringify(key), inspect(key), String(inspect({ key }))]) {
      expect(shown).not.toContain(hex);
      expect(shown).not.toContain(b64);
    }
  });
});

describe('tokens and passwords', () => {
  test('hashSecret is the SHA-256 hex digest', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('randomToken gives URL-safe tokens of the requested strength, never the same twice', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toHaveLength(22);
  });

  test('a password verifies against its hash, a wrong one does not, and equal passwords hash differently', async () => {
    const hash = await hashPassword('s3cret passphrase');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('s3cret');
    expect(await verifyPassword('s3cret passphrase', hash)).toBe(true);
    expect(await verifyPassword('s3cret passphrasE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await hashPassword('s3cret passphrase')).not.toBe(hash);
  });

  test('a malformed or absurd stored hash verifies nothing instead of throwing', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$1099511627776$8$1$c2FsdA==$aGFzaA==', 'scrypt$32768$8$1$$']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });
});
