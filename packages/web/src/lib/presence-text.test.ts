import { describe, expect, it } from 'vitest';
import { agoText, customText, presenceText, unknownPresence } from './presence-text.js';

const now = Date.parse('2026-12-02T18:00:00Z');

describe('presenceText', () => {
  it('says online, away and busy as they are, and last seen for offline people', () => {
    expect(presenceText({ ...unknownPresence, online: true, status: 'busy' }, now)).toBe('busy');
    expect(presenceText({ ...unknownPresence, lastSeen: '2026-12-02T17:55:00Z' }, now)).toBe('last seen 5 min ago');
    expect(presenceText(unknownPresence, now)).toBe('offline');
  });

  it('rounds how long ago to minutes, hours and days', () => {
    expect(agoText('2026-12-02T17:59:40Z', now)).toBe('just now');
    expect(agoText('2026-12-02T15:00:00Z', now)).toBe('3 h ago');
    expect(agoText('2026-11-30T18:00:00Z', now)).toBe('2 days ago');
  });

  it('joins a custom emoji and text', () => {
    expect(customText({ text: 'In a meeting', emoji: '📅' })).toBe('📅 In a meeting');
    expect(customText({ text: null, emoji: null })).toBeNull();
  });
});
