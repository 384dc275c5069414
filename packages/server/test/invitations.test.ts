import { expect, it } from 'vitest';
import { buildRoom, buildUser, connect, makeContacts, publicUser, sendMessage, uniqueRoomName } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';

// Nobody is put in a room by a stranger (issue 17.4): someone who is not yet a contact is invited,
// and becomes a member only by accepting; they can decline, and block the inviter.
describeOnEngines('invitations', {}, (server) => {
  const invitations = async (token: string) => (await http(server, 'GET', '/api/me/invitations', { token })).body.invitations;

  it('turns a stranger’s group into an invitation: not a member, nothing of the room but its name, until accepted', async () => {
    const [ann, zed] = [await buildUser(server, { name: 'Ann' }), await buildUser(server, { name: 'Zed' })];
    const [a, z] = [await connect(server, ann), await connect(server, zed)];
    const room = uniqueRoomName('Cold call');
    const created = await a.ok({ type: 'create_group', room, members: [zed.phone] });
    expect(created.members.map((m: { phone: string }) => m.phone)).toEqual([ann.phone]);
    expect(created.invited).toEqual([publicUser(zed)]);
    expect(await z.next((f) => f.type === 'invitation')).toEqual({ type: 'invitation', room, kind: 'group', memberCount: 1, from: publicUser(ann), createdAt: expect.any(String) });
    expect(await invitations(zed.token)).toEqual([{ room, kind: 'group', memberCount: 1, from: publicUser(ann), createdAt: expect.any(String) }]);
    await sendMessage(a, room, 'before you came');
    expect((await http(server, 'GET', historyPath(room), { token: zed.token })).body.error.code).toBe('room_not_found');
    expect(await z.request({ type: 'message', room, text: 'me too?', clientMsgId: 'z1' })).toMatchObject({ code: 'room_not_found' });
    expect(z.received((f) => f.type === 'message')).toEqual([]);

    const accepted = await z.ok({ type: 'accept_invitation', room });
    expect(accepted).toMatchObject({ room, info: { memberCount: 2 }, lastSeq: 2 });
    expect(await a.next((f) => f.type === 'system' && f.event === 'join' && f.room === room)).toMatchObject({ user: publicUser(zed) });
    expect(await invitations(zed.token)).toEqual([]);
    expect((await sendMessage(z, room, 'hello')).room).toBe(room);
    expect(await z.request({ type: 'accept_invitation', room })).toMatchObject({ type: 'ok' });
  });

  it('makes accepting someone’s invitation, or sharing a room, a contact: then they add at once', async () => {
    const [ann, bob, cal] = [await buildUser(server), await buildUser(server), await buildUser(server)];
    const [a, b, c] = [await connect(server, ann), await connect(server, bob), await connect(server, cal)];
    const first = uniqueRoomName('First');
    await a.ok({ type: 'create_group', room: first, members: [bob.phone] });
    await b.ok({ type: 'accept_invitation', room: first });
    const second = await a.ok({ type: 'create_group', room: uniqueRoomName('Second'), members: [bob.phone] });
    expect(second).toMatchObject({ invited: [], info: { memberCount: 2 } });
    // Cal shares a public room with Ann: a contact too.
    const { room: open } = await buildRoom(a);
    await c.ok({ type: 'join', room: open });
    const third = await a.ok({ type: 'invite', room: first, members: [cal.phone] });
    expect(third).toMatchObject({ members: [{ phone: cal.phone }], invited: [] });
  });

  it('lets the invitee decline, and block: the inviter cannot tell, and nothing more arrives from them', async () => {
    const [ann, zed] = [await buildUser(server), await buildUser(server)];
    const [a, z] = [await connect(server, ann), await connect(server, zed)];
    const first = uniqueRoomName('Spam');
    await a.ok({ type: 'create_group', room: first, members: [zed.phone] });
    expect(await z.ok({ type: 'decline_invitation', room: first, block: true })).toMatchObject({ room: first });
    expect(await invitations(zed.token)).toEqual([]);
    expect((await http(server, 'GET', '/api/me/blocks', { token: zed.token })).body.blocked).toEqual([publicUser(ann)]);
    const again = await a.ok({ type: 'create_group', room: uniqueRoomName('Spam again'), members: [zed.phone] });
    expect(again.invited).toEqual([publicUser(zed)]);
    await a.ok({ type: 'ping' });
    await z.request({ type: 'ping' });
    expect(z.received((f) => f.type === 'invitation')).toHaveLength(1);
    expect(await invitations(zed.token)).toEqual([]);
    expect(await a.request({ type: 'private', phone: zed.phone })).toMatchObject({ type: 'error', code: 'user_not_found' });
    expect(await z.request({ type: 'decline_invitation', room: first })).toMatchObject({ code: 'room_not_found' });

    expect((await http(server, 'DELETE', `/api/blocks/${zed.phone}`, { token: zed.token })).status).toBe(204);
    expect((await http(server, 'DELETE', `/api/blocks/${ann.phone}`, { token: zed.token })).status).toBe(204);
    expect((await http(server, 'GET', '/api/me/blocks', { token: zed.token })).body.blocked).toEqual([]);
    expect(await a.request({ type: 'private', phone: zed.phone })).toMatchObject({ type: 'ok' });
  });

  it('blocks and unblocks over HTTP, with clear errors', async () => {
    const [ann, bob] = [await buildUser(server), await buildUser(server)];
    expect((await http(server, 'POST', '/api/blocks', { token: ann.token, body: { phone: bob.phone } })).status).toBe(204);
    expect((await http(server, 'POST', '/api/blocks', { token: ann.token, body: { phone: bob.phone } })).status).toBe(204);
    expect((await http(server, 'POST', '/api/blocks', { token: ann.token, body: { phone: ann.phone } })).body.error).toMatchObject({ code: 'invalid_input' });
    expect((await http(server, 'POST', '/api/blocks', { token: ann.token, body: { phone: '999999999' } })).body.error.code).toBe('user_not_found');
    expect((await http(server, 'POST', '/api/blocks', { token: ann.token, body: { phone: 'x' } })).body.error.code).toBe('invalid_input');
    expect((await http(server, 'POST', '/api/blocks', { body: { phone: bob.phone } })).status).toBe(401);
    const b = await connect(server, bob);
    expect(await b.request({ type: 'private', phone: ann.phone })).toMatchObject({ code: 'user_not_found' });
  });

  it('cannot be accepted without an invitation, and goes with a deleted room', async () => {
    const [ann, zed, eve] = [await buildUser(server), await buildUser(server), await buildUser(server)];
    const [a, z, e] = [await connect(server, ann), await connect(server, zed), await connect(server, eve)];
    const room = uniqueRoomName('Short lived');
    await a.ok({ type: 'create_group', room, members: [zed.phone] });
    expect(await e.request({ type: 'accept_invitation', room })).toMatchObject({ code: 'room_not_found' });
    await a.ok({ type: 'delete_room', room });
    expect(await invitations(zed.token)).toEqual([]);
    expect(await z.request({ type: 'accept_invitation', room })).toMatchObject({ code: 'room_not_found' });
  });

  it('keeps a room within capacity when invitations are accepted', async () => {
    const [ann, friend, zed] = [await buildUser(server), await buildUser(server), await buildUser(server)];
    await makeContacts(server, ann, friend);
    const [a, z] = [await connect(server, ann), await connect(server, zed)];
    const { room } = await buildRoom(a, { isPrivate: true, maxParticipants: 2 });
    await a.ok({ type: 'invite', room, members: [zed.phone] });
    await a.ok({ type: 'invite', room, members: [friend.phone] });
    expect(await z.request({ type: 'accept_invitation', room })).toMatchObject({ code: 'room_full' });
    expect(await invitations(zed.token)).toHaveLength(1);
  });
});
