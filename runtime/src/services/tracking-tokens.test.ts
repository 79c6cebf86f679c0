import { randomBytes } from 'node:crypto';
import { emailSendNode } from '@tern/nodes';
import { runNode } from '@tern/nodes/testing';
import { describe, expect, it } from 'vitest';
import { EncryptionKey } from '../security/crypto.js';
import { TRACKING_PATHS, TrackingTokens } from './tracking-tokens.js';

const key = new EncryptionKey(randomBytes(32), 'env', null, false);
const issued = new Date('2026-01-05T09:00:00Z');
const tokens = TrackingTokens.fromEncryptionKey(key, 'https://tern.example.com/', () => issued);
const target = { executionId: 'exec-1', nodeId: 'welcome', contactId: 'c-42' };

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** Flips one character of a base64url string (never to itself). */
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

describe('tracking tokens', () => {
  it('make links under the public URL that carry what they are about', () => {
    const open = tokens.openUrl(target);
    const click = tokens.clickUrl(target, 'https://shop.example/cart?x=1&y=2');
    const unsubscribe = tokens.unsubscribeUrl({ executionId: 'exec-2', nodeId: 'n', email: 'bob@example.com' });
    expect(open.startsWith(`https://tern.example.com${TRACKING_PATHS.open}`)).toBe(true);
    expect(click.startsWith('https://tern.example.com/t/click/')).toBe(true);
    expect(unsubscribe.startsWith('https://tern.example.com/t/unsubscribe/')).toBe(true);
    expect(tokens.verify(tokenOf(open), 'open')).toEqual({
      kind: 'open', executionId: 'exec-1', nodeId: 'welcome', contactId: 'c-42', email: null, url: null, messageId: null, issuedAt: issued,
    });
    const logged = tokens.openUrl({ ...target, messageId: 'msg-7' });
    expect(tokens.verify(tokenOf(logged), 'open')).toMatchObject({ executionId: 'exec-1', messageId: 'msg-7' });
    expect(tokens.verify(tokenOf(click), 'click')).toMatchObject({ kind: 'click', url: 'https://shop.example/cart?x=1&y=2' });
    expect(tokens.verify(tokenOf(unsubscribe), 'unsubscribe')).toMatchObject({ contactId: null, email: 'bob@example.com' });
    // Only URL-safe characters: the token sits in a path as it is.
    for (const url of [open, click, unsubscribe]) expect(tokenOf(url)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('refuse a token altered anywhere: payload or signature', () => {
    const token = tokenOf(tokens.clickUrl(target, 'https://shop.example/'));
    const dot = token.indexOf('.');
    expect(tokens.verify(token)).not.toBeNull();
    for (const at of [0, 5, dot - 1, dot + 1, token.length - 1]) expect(tokens.verify(flip(token, at))).toBeNull();
    expect(tokens.verify(token.slice(0, -1))).toBeNull();
    expect(tokens.verify(`${token}A`)).toBeNull();
  });

  it('refuse a payload re-signed without the key, e.g. to redirect a click elsewhere', () => {
    const token = tokenOf(tokens.clickUrl(target, 'https://shop.example/'));
    const [payload, signature] = token.split('.') as [string, string];
    const fields = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown[];
    fields[6] = 'https://evil.example/';
    const forged = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${signature}`;
    expect(tokens.verify(forged)).toBeNull();
  });

  it('refuse a token of another kind where a kind is asked for', () => {
    const open = tokenOf(tokens.openUrl(target));
    expect(tokens.verify(open, 'unsubscribe')).toBeNull();
    expect(tokens.verify(open, 'open')).not.toBeNull();
  });

  it('refuse tokens made with another key, and anything that is not a token', () => {
    const other = TrackingTokens.fromEncryptionKey(new EncryptionKey(randomBytes(32), 'env', null, false), 'https://tern.example.com');
    expect(tokens.verify(tokenOf(other.openUrl(target)))).toBeNull();
    for (const junk of ['', '.', 'abc', 'abc.def', '.abc', 'a'.repeat(20_000)]) expect(tokens.verify(junk)).toBeNull();
  });

  it('never sign with the credentials key itself', () => {
    const direct = new TrackingTokens(key.bytes, 'https://tern.example.com', () => issued);
    expect(tokens.verify(tokenOf(direct.openUrl(target)))).toBeNull();
  });

  it('serve email.send: every tracked link of a sent email verifies to its target', async () => {
    const html = '<p><a href="https://shop.example/a?x=1&amp;y=2">A</a> <a href="https://blog.example/b">B</a></p>';
    const { emails } = await runNode(emailSendNode, {
      params: { credential: 'mail', from: 'hello@tern.example', to: 'ada@example.com', subject: 'Hi', html, marketing: true, track: { opens: true, clicks: true } },
      credentials: { mail: { type: 'smtp', data: {} } },
      contact: { id: 'c-42' },
      tracking: tokens,
      nodeId: 'welcome',
    });
    const sent = emails[0]!;
    const clicks = [...sent.html!.matchAll(/href="https:\/\/tern\.example\.com\/t\/click\/([^"]+)"/g)].map((m) => tokens.verify(m[1]!, 'click')?.url);
    expect(clicks).toEqual(['https://shop.example/a?x=1&y=2', 'https://blog.example/b']);
    const pixel = /<img src="https:\/\/tern\.example\.com\/t\/open\/([^"]+)"/.exec(sent.html!)![1]!;
    expect(tokens.verify(pixel, 'open')).toMatchObject({ executionId: 'test-execution', nodeId: 'welcome', contactId: 'c-42' });
    const unsubscribe = /^<https:\/\/tern\.example\.com\/t\/unsubscribe\/([^>]+)>$/.exec(sent.headers!['List-Unsubscribe']!)![1]!;
    expect(tokens.verify(unsubscribe, 'unsubscribe')).toMatchObject({ contactId: 'c-42' });
  });
});
