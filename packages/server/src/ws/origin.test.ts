import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin.js';

describe('isOriginAllowed', () => {
  it('lets clients without an Origin (not browsers) through', () => {
    expect(isOriginAllowed(undefined, 'chat.example', null)).toBe(true);
  });

  it('allows the same origin by default and nothing else', () => {
    expect(isOriginAllowed('http://localhost:6789', 'localhost:6789', null)).toBe(true);
    expect(isOriginAllowed('https://evil.example', 'localhost:6789', null)).toBe(false);
    expect(isOriginAllowed('http://localhost:6790', 'localhost:6789', null)).toBe(false);
    expect(isOriginAllowed('null', 'localhost:6789', null)).toBe(false);
  });

  it('allows exactly the configured origins, or any with *', () => {
    expect(isOriginAllowed('https://app.example', 'api.example', ['https://app.example'])).toBe(true);
    expect(isOriginAllowed('https://api.example', 'api.example', ['https://app.example'])).toBe(false);
    expect(isOriginAllowed('https://x.example', 'api.example', ['*'])).toBe(true);
  });
});
