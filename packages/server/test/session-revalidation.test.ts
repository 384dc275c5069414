import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUser, connect, signInAgain } from './helpers/builders.js';
import { useServer } from './helpers/server.js';

describe('open WebSockets whose session ended without a word to this node', () => {
  const server = useServer({ limits: { sessionRecheckMs: 200 } });

  it('are closed with 4403 at the next check; sockets of live sessions stay', async () => {
    const user = await buildUser(server);
    const otherToken = await signInAgain(server, user);
    const [ended, kept] = [await connect(server, user), await connect(server, user, otherToken)];
    // As a sign-out on another node whose revoke never arrived: the row is simply gone.
    const db = new Database(join(server.dataDir, 'parley.db'));
    db.pragma('busy_timeout = 5000');
    db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(createHash('sha256').update(user.token).digest('base64url'));
    db.close();
    expect((await ended.waitClosed(3000)).code).toBe(4403);
    expect((await kept.request({ type: 'ping' })).type).toBe('ok');
  });
});
