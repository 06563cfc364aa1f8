import { LineClient } from '../support/line-client';
import { describeCluster, LINE_TIMEOUT_MS, useCluster } from '../support/cluster';

interface Session {
  username: string;
  protocol: string;
}

/** SPEC §5: the admin API of any node lists every session, kicks a user on any node, announces to everyone. */
describeCluster('cluster: the admin API of one node acts on every node', () => {
  const cluster = useCluster();
  const expectLine = (client: LineClient, pattern: RegExp) => client.expectLine(pattern, LINE_TIMEOUT_MS);

  async function sessionsOn(index: number): Promise<Session[]> {
    const response = await cluster().nodes[index].admin.get('/api/sessions?limit=100');
    expect(response.status).toBe(200);
    return response.body.items as Session[];
  }

  it('GET /api/sessions on node 0 lists the sessions of node 1, line and IRC', async () => {
    const [alice, bob, ivy] = await cluster().users('alice', 'bob', 'ivy');
    await cluster().login(0, alice);
    await cluster().login(1, bob);
    await cluster().ircLogin(1, ivy);
    for (const index of [0, 1]) {
      const sessions = await sessionsOn(index);
      const mine = sessions.filter((session) => [alice, bob, ivy].includes(session.username));
      expect(mine.map(({ username, protocol }) => ({ username, protocol }))).toEqual([
        { username: alice, protocol: 'line' },
        { username: bob, protocol: 'line' },
        { username: ivy, protocol: 'irc' },
      ]);
    }
  });

  it('DELETE /api/sessions/:name on node 0 disconnects the user on node 1 with a notice; the others see the logout', async () => {
    const [alice, bob] = await cluster().users('alice', 'bob');
    const a = await cluster().login(0, alice);
    const b = await cluster().login(1, bob);
    await expectLine(a, new RegExp(`^\\*\\*\\* ${bob} has logged in$`));
    const response = await cluster().nodes[0].admin.delete(`/api/sessions/${bob}`);
    expect(response.status).toBe(204);
    await expectLine(b, /disconnected by an administrator/);
    await b.expectClosed(LINE_TIMEOUT_MS);
    await expectLine(a, new RegExp(`^\\*\\*\\* ${bob} has logged out$`));
    // The kicked user can come back, on either node.
    await cluster().login(0, bob);
  });

  it('DELETE /api/sessions/:name of a user online nowhere is a 404 on every node', async () => {
    const [nobody] = await cluster().users('nobody');
    for (const node of cluster().nodes) expect((await node.admin.delete(`/api/sessions/${nobody}`)).status).toBe(404);
  });

  it('POST /api/announcements on node 1 reaches the users of both nodes, IRC included', async () => {
    const [alice, bob, ivy] = await cluster().users('alice', 'bob', 'ivy');
    const a = await cluster().login(0, alice);
    const b = await cluster().login(1, bob);
    const irc = await cluster().ircLogin(0, ivy);
    const response = await cluster().nodes[1].admin.post('/api/announcements', { text: 'maintenance at noon' });
    expect(response.status).toBe(201);
    await expectLine(a, /^\*\*\* Announcement: maintenance at noon$/);
    await expectLine(b, /^\*\*\* Announcement: maintenance at noon$/);
    await irc.expectLine(/ NOTICE #parley :\*\*\* Announcement: maintenance at noon$/, LINE_TIMEOUT_MS);
    await a.expectNoLine(/Announcement/, 500);
  });
});
