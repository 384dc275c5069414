import { describe, expect, it } from 'vitest';
import { buildUser, connect, uniquePhone } from './helpers/builders.js';
import { http } from './helpers/http.js';
import { useServer } from './helpers/server.js';

describe('look-alike room and user names', () => {
  const server = useServer();

  it('refuses new room and group names with invisible, format, bidi-control or C1 control characters', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const socket = await connect(server, ann);
    for (const room of ['Gen\u200beral', '\u202eGeneral', 'Gen\u00aderal', 'Gen\u0085eral', 'Gen\u2066eral', '\u3164']) {
      const reply = await socket.request({ type: 'create_room', room });
      expect(reply, JSON.stringify(room)).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'room', message: 'must not contain invisible, formatting or control characters' }] });
      const group = await socket.request({ type: 'create_group', room, members: [bob.phone] });
      expect(group, JSON.stringify(room)).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'room' }] });
    }
    expect(await socket.request({ type: 'create_room', room: '👩‍💻 Devs' })).toMatchObject({ type: 'ok', room: '👩‍💻 Devs' });
  });

  it('reserves private_room_ however it is spelled: zero-width space, RTL override, soft hyphen, U+0085, Cyrillic р/о, fullwidth, math bold', async () => {
    const socket = await connect(server, await buildUser(server));
    const disguised = ['private_room_1_2', '\u0440rivate_r\u043e\u043em_1_2', 'ｐｒｉｖａｔｅ＿ｒｏｏｍ＿1', '𝐩𝐫𝐢𝐯𝐚𝐭𝐞_𝐫𝐨𝐨𝐦_1', 'PRIVATE_ROOM_x'];
    for (const room of disguised) {
      const reply = await socket.request({ type: 'create_room', room });
      expect(reply, room).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'room', message: 'must not start with private_room_' }] });
    }
    for (const room of ['\u200bprivate_room_1_2', '\u202eprivate_room_1_2', 'priv\u00adate_room_1', 'private\u0085_room_1']) {
      expect(await socket.request({ type: 'create_room', room }), JSON.stringify(room)).toMatchObject({ type: 'error', code: 'invalid_input', fields: [{ field: 'room' }] });
    }
  });

  it('refuses a room or group whose name looks like an existing one: case, Cyrillic letters, fullwidth, math bold, rn for m', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    const socket = await connect(server, ann);
    const base = `Summit ${uniquePhone()}`;
    expect(await socket.request({ type: 'create_room', room: base })).toMatchObject({ type: 'ok', room: base });
    const digits = base.slice('Summit '.length);
    const alikes = [base.toUpperCase(), `\u0405umm\u0456t ${digits}`, `Ｓｕｍｍｉｔ ${digits}`, `𝐒𝐮𝐦𝐦𝐢𝐭 ${digits}`, `Sumrnit ${digits}`];
    for (const room of alikes) {
      expect(await socket.request({ type: 'create_room', room }), room).toMatchObject({ type: 'error', code: 'room_exists' });
      expect(await socket.request({ type: 'create_group', room, members: [bob.phone] }), room).toMatchObject({ type: 'error', code: 'room_exists' });
    }
    // A name that differs by what a reader sees is a name of its own.
    expect(await socket.request({ type: 'create_room', room: `${base}s` })).toMatchObject({ type: 'ok' });
  });

  it('refuses user names with hidden characters at sign-up', async () => {
    for (const name of ['Ann\u202e', '\u200bAnn', 'A\u0085nn']) {
      const reply = await http(server, 'POST', '/api/signup', { body: { name, phone: uniquePhone(), password: 'long enough' } });
      expect(reply.status, JSON.stringify(name)).toBe(400);
      expect(reply.body.error.fields).toEqual([{ field: 'name', message: 'must not contain invisible, formatting or control characters' }]);
    }
  });
});
