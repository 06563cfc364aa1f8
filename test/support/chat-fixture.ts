import { LineClient } from './line-client';
import { addUsers, passwordOf, removeDataDir, startServer, TestServer } from './test-server';

/**
 * One server for a describe block: fresh users for each test (so tests never see each
 * other's sessions or blocks) and every client it logged in closed after each test.
 */
export class ChatFixture {
  private current: TestServer | undefined;
  private readonly clients: LineClient[] = [];
  private counter = 0;

  get server(): TestServer {
    if (!this.current) throw new Error('the server starts in beforeAll');
    return this.current;
  }

  /** Creates users named after `names` with a unique suffix; returns their names. */
  async users(...names: string[]): Promise<string[]> {
    const unique = names.map((name) => `${name}${++this.counter}`);
    await addUsers(this.server, ...unique);
    return unique;
  }

  async login(name: string): Promise<LineClient> {
    return this.track(await LineClient.login(this.server.port, name, passwordOf(name)));
  }

  track(client: LineClient): LineClient {
    this.clients.push(client);
    return client;
  }

  async start(settings?: Record<string, unknown>): Promise<void> {
    this.current = await startServer({ settings });
  }

  async closeClients(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close();
    // Let the server notice the disconnects before the next test counts who is online.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    if (this.current) removeDataDir(this.current.dataDir);
  }
}

/** Registers the hooks of a ChatFixture in the enclosing describe block. */
export function useChatServer(settings?: Record<string, unknown>): ChatFixture {
  const fixture = new ChatFixture();
  beforeAll(() => fixture.start(settings));
  afterEach(() => fixture.closeClients());
  afterAll(() => fixture.stop());
  return fixture;
}
