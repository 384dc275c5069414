import { expect, it } from 'vitest';
import { buildRoom, buildUser, connect, uniqueRoomName, makeContacts } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { historyPath, http } from './helpers/http.js';

// The attack of issue 17.1: a member sends into a room while, in the same instant, its owner deletes
// it and creates a new group. The message must never be stored in another room, nor reach anyone
// who was not a member of the room it was sent to.
describeOnEngines('a room deleted and another created while a message is on its way', { limits: { framesPerSecond: 1e6, frameBurst: 1e6 } }, (server) => {

  it('never stores the message in the new room nor shows it to the new room’s members (40 tries)', async () => {
    const [owner, sender, bystander] = [await buildUser(server, { name: 'Owner' }), await buildUser(server, { name: 'Sender' }), await buildUser(server, { name: 'Bystander' })];
    await makeContacts(server, owner, bystander);
    const [o, s, b] = [await connect(server, owner), await connect(server, sender), await connect(server, bystander)];
    for (let attempt = 0; attempt < 40; attempt++) {
      const { room: trap } = await buildRoom(o);
      await s.ok({ type: 'join', room: trap });
      const text = `secret for the trap ${attempt}`;
      const groupName = uniqueRoomName('Fresh group');
      // All three frames leave together, so that the server takes them in one turn.
      const [sent, deleted, created] = await Promise.all([
        s.request({ type: 'message', room: trap, text, clientMsgId: `trap-${attempt}` }),
        o.request({ type: 'delete_room', room: trap }),
        o.request({ type: 'create_group', room: groupName, members: [bystander.phone] }),
      ]);
      expect(deleted.type).toBe('ok');
      expect(created.type).toBe('ok');
      if (sent.type === 'ok') {
        expect(sent.room).toBe(trap);
      } else {
        expect(sent).toMatchObject({ code: 'room_not_found' });
      }
      const page = await http(server, 'GET', historyPath(groupName, { after: 0 }), { token: bystander.token });
      expect(JSON.stringify(page.body.messages)).not.toContain(text);
      await b.request({ type: 'ping' });
      expect(b.received((f) => JSON.stringify(f).includes(text))).toEqual([]);
    }
  });
});
