import { describe, expect, it } from 'vitest';
import { fieldWithLineBreak, parseMailbox, stableMessageId } from './headers.js';

describe('email headers', () => {
  it.each([
    ['ada@example.com', { address: 'ada@example.com' }],
    ['  Ada Lovelace <ada@example.com> ', { address: 'ada@example.com', name: 'Ada Lovelace' }],
    ['"Lovelace, Ada" <ada@example.com>', { address: 'ada@example.com', name: 'Lovelace, Ada' }],
    ['<ada@example.com>', { address: 'ada@example.com' }],
  ])('reads the mailbox %s', (text, mailbox) => {
    expect(parseMailbox(text)).toEqual(mailbox);
  });

  it.each(['ada', 'ada@', '@example.com', 'ada@example..com', 'a, b@example.com', 'Ada <ada@example.com', 'ada@exa mple.com'])('refuses %s', (text) => {
    expect(parseMailbox(text)).toBeNull();
  });

  it('names the first header value holding a line break', () => {
    expect(fieldWithLineBreak({ from: 'a@b.c', subject: 'ok' })).toBeNull();
    expect(fieldWithLineBreak({ from: 'a@b.c', to: 'x\nBcc: y@z', subject: 'x\r\n' })).toBe('to');
    expect(fieldWithLineBreak({ subject: 'nul\0' })).toBe('subject');
  });

  it('builds a Message-ID from the step key, node and sender domain, in characters a Message-ID may hold', () => {
    expect(stableMessageId('0198a2b4-7c1d-7e2f-8a9b-0c1d2e3f4a5b-3', 'welcome', 'hello@Tern.Example')).toBe('<0198a2b4-7c1d-7e2f-8a9b-0c1d2e3f4a5b-3.welcome@tern.example>');
    expect(stableMessageId('exec:1 (x)', 'node.a', 'a@b.example')).toBe('<exec-1--x-.node-a@b.example>');
  });
});
