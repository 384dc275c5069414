import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin.js';

const plain = { host: 'localhost:6789', secure: false };
const sameOrigin = { allowed: null, publicOrigin: null };

describe('isOriginAllowed', () => {
  it('lets clients without an Origin (not browsers) through', () => {
    expect(isOriginAllowed(undefined, { host: 'chat.example', secure: false }, sameOrigin)).toBe(true);
  });

  it('allows the same origin by default, scheme, host and port, and nothing else', () => {
    expect(isOriginAllowed('http://localhost:6789', plain, sameOrigin)).toBe(true);
    expect(isOriginAllowed('http://LOCALHOST:6789', plain, sameOrigin)).toBe(true);
    expect(isOriginAllowed('https://localhost:6789', plain, sameOrigin)).toBe(false);
    expect(isOriginAllowed('https://evil.example', plain, sameOrigin)).toBe(false);
    expect(isOriginAllowed('http://localhost:6790', plain, sameOrigin)).toBe(false);
    expect(isOriginAllowed('null', plain, sameOrigin)).toBe(false);
    expect(isOriginAllowed('https://chat.example', { host: 'chat.example', secure: true }, sameOrigin)).toBe(true);
    expect(isOriginAllowed('http://chat.example', { host: 'chat.example', secure: true }, sameOrigin)).toBe(false);
    expect(isOriginAllowed('https://chat.example:443', { host: 'chat.example', secure: true }, sameOrigin)).toBe(true);
  });

  it('with a public URL, allows only its origin: a DNS-rebinding pair of Origin and Host is refused', () => {
    const policy = { allowed: null, publicOrigin: 'https://chat.example' };
    expect(isOriginAllowed('https://chat.example', { host: 'chat.example', secure: false }, policy)).toBe(true);
    expect(isOriginAllowed('http://rebind.attacker.example:6789', { host: 'rebind.attacker.example:6789', secure: false }, policy)).toBe(false);
    expect(isOriginAllowed('http://chat.example', { host: 'chat.example', secure: false }, policy)).toBe(false);
  });

  it('allows exactly the configured origins, or any with *', () => {
    const target = { host: 'api.example', secure: true };
    expect(isOriginAllowed('https://app.example', target, { allowed: ['https://app.example'], publicOrigin: null })).toBe(true);
    expect(isOriginAllowed('http://app.example', target, { allowed: ['https://app.example'], publicOrigin: null })).toBe(false);
    expect(isOriginAllowed('https://api.example', target, { allowed: ['https://app.example'], publicOrigin: null })).toBe(false);
    expect(isOriginAllowed('https://api.example', target, { allowed: ['https://app.example'], publicOrigin: 'https://api.example' })).toBe(true);
    expect(isOriginAllowed('https://x.example', target, { allowed: ['*'], publicOrigin: null })).toBe(true);
  });
});
