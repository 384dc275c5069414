import { describe, expect, it } from 'vitest';
import { typingText } from './typing-text.js';

const ann = { name: 'Ann', phone: '1' };
const ben = { name: 'Ben', phone: '2' };
const cat = { name: 'Cat', phone: '3' };

describe('typingText', () => {
  it('names one or two typists and counts more as several', () => {
    expect(typingText([])).toBe('');
    expect(typingText([ann])).toBe('Ann is typing…');
    expect(typingText([ann, ben])).toBe('Ann and Ben are typing…');
    expect(typingText([ann, ben, cat])).toBe('Several people are typing…');
  });
});
