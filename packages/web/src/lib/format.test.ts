import type { MessageEvent } from '@parley/client';
import { describe, expect, it } from 'vitest';
import { previewOf } from './format.js';

const ann = { name: 'Ann', phone: '1' };
const file = (name: string) => ({ id: name, name, type: 'application/pdf', size: 10, url: `/api/uploads/${name}` });
const message = (extra: Partial<MessageEvent>): MessageEvent => ({ type: 'message', room: 'r', seq: 2, ts: '2026-12-02T10:00:00.000Z', from: ann, clientMsgId: 'c', ...extra });

describe('previewOf a message with files', () => {
  it('shows the caption, else the file name or how many files, and a deleted one as deleted', () => {
    expect(previewOf(message({ text: 'Minutes', attachments: [file('a.pdf')] }), null, false, 'direct')).toBe('Minutes');
    expect(previewOf(message({ attachments: [file('a.pdf')] }), null, false, 'direct')).toBe('📎 a.pdf');
    expect(previewOf(message({ attachments: [file('a.pdf'), file('b.pdf')] }), null, true, 'room')).toBe('Ann: 📎 2 files');
    expect(previewOf(message({ deleted: true }), null, false, 'direct')).toBe('This message was deleted');
  });
});
