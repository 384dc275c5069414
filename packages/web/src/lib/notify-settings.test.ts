import { describe, expect, it } from 'vitest';
import { shouldNotify } from './notify-settings.js';

const base = { kind: 'group' as const, level: 'mentions' as const, mentionsMe: false, mine: false, busy: false };

describe('shouldNotify', () => {
  it('follows the chat’s level: everything, mentions only, or nothing', () => {
    expect(shouldNotify({ ...base, level: 'all' })).toBe(true);
    expect(shouldNotify(base)).toBe(false);
    expect(shouldNotify({ ...base, mentionsMe: true })).toBe(true);
    expect(shouldNotify({ ...base, level: 'none', mentionsMe: true })).toBe(false);
  });

  it('never notifies of one’s own messages, and while busy only of private chats', () => {
    expect(shouldNotify({ ...base, level: 'all', mine: true })).toBe(false);
    expect(shouldNotify({ ...base, mentionsMe: true, busy: true })).toBe(false);
    expect(shouldNotify({ ...base, kind: 'direct', level: 'all', busy: true })).toBe(true);
  });
});
