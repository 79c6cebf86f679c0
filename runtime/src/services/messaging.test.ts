import { randomBytes } from 'node:crypto';
import type { HttpService } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../db/sqlite.js';
import { EncryptionKey } from '../security/crypto.js';
import { createMessaging, reachableFromOutside } from './messaging.js';

const unused: HttpService = { request: () => Promise.reject(new Error('no request expected')) };

describe('messaging services', () => {
  it('pick the provider by the credential type and refuse other types', async () => {
    const store = openSqliteStore(':memory:');
    const messaging = createMessaging({
      http: unused, httpAllow: [], publicUrl: 'http://localhost:3700', encryptionKey: new EncryptionKey(randomBytes(32), 'env', null, false), now: () => new Date(),
      store, frequencyCaps: {},
    });
    const credential = { id: 'h', type: 'http_bearer', data: { token: 't' } };
    await expect(messaging.email.send({ credential, from: 'a@b.example', to: 'c@d.example', subject: 's', text: 't', messageId: '<m@b.example>' }))
      .rejects.toMatchObject({ kind: 'rejected', message: 'a credential of type http_bearer cannot send email' });
    await expect(messaging.sms.send({ credential, from: '+15017122661', to: '+4915123456789', body: 'x' }))
      .rejects.toMatchObject({ kind: 'rejected', message: 'a credential of type http_bearer cannot send SMS' });
    expect(messaging.tracking.openUrl({ executionId: 'e', nodeId: 'n' })).toMatch(/^http:\/\/localhost:3700\/t\/open\//);
    await messaging.close();
    await store.close();
  });

  it('ask providers to call back only to a public address', () => {
    expect(reachableFromOutside('https://tern.example.com')).toBe(true);
    expect(reachableFromOutside('https://203.0.113.9:8443/tern')).toBe(false); // documentation range: reserved
    expect(reachableFromOutside('https://8.8.8.8')).toBe(true);
    for (const url of ['http://localhost:3700', 'http://app.localhost', 'http://127.0.0.1:3700', 'http://192.168.1.20', 'http://[::1]:3700', 'nonsense']) {
      expect(reachableFromOutside(url)).toBe(false);
    }
  });
});
