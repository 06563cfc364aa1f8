import { Page } from 'playwright-core';
import { Browser, launchBrowser } from './browser';
import { LineClient } from './line-client';
import { ADMIN_PASSWORD, removeDataDir, startServer, TestServer } from './test-server';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * One real server (SQLite, line and HTTP listeners) and one headless Chromium page for a
 * describe block, with the helpers every console test uses. Register it at the top of a
 * describe: it adds the beforeAll/afterEach/afterAll hooks.
 */
export class ConsoleFixture {
  server!: TestServer;
  browser!: Browser;
  page!: Page;
  token!: string;
  private readonly clients: LineClient[] = [];

  static use(settings: Record<string, unknown> = {}): ConsoleFixture {
    const fixture = new ConsoleFixture();
    beforeAll(() => fixture.start(settings));
    afterEach(() => fixture.closeClients());
    afterAll(() => fixture.stop());
    return fixture;
  }

  async start(settings: Record<string, unknown>): Promise<void> {
    this.server = await startServer({ settings: { 'http.login_attempts_per_minute': 1000, 'login_throttle.max_failures': 1000, ...settings } });
    this.token = await this.apiToken('admin', ADMIN_PASSWORD);
    this.browser = await launchBrowser();
    this.page = this.browser.page;
  }

  async stop(): Promise<void> {
    this.closeClients();
    await this.browser?.close();
    await this.server?.stop();
    if (this.server) removeDataDir(this.server.dataDir);
  }

  closeClients(): void {
    for (const client of this.clients.splice(0)) client.close();
  }

  async apiToken(username: string, password: string): Promise<string> {
    const response = await fetch(`${this.server.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200) throw new Error(`login of ${username}: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  /** The REST API with a token of its own, to set up state and check what the console did. */
  rest(method: string, path: string, body?: unknown, token = this.token): Promise<Response> {
    return fetch(this.server.httpUrl + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T>(path: string): Promise<T> {
    return (await (await this.rest('GET', path)).json()) as T;
  }

  async createUser(username: string, role: 'user' | 'admin' = 'user', password = `${username}-password`): Promise<void> {
    const response = await this.rest('POST', '/api/users', { username, password, role });
    if (response.status !== 201) throw new Error(`creating ${username}: ${response.status} ${await response.text()}`);
  }

  /** A chat user logged in over real TCP; closed after the test. */
  async login(name: string, password = `${name}-password`): Promise<LineClient> {
    return this.track(await LineClient.login(this.server.port, name, password));
  }

  track(client: LineClient): LineClient {
    this.clients.push(client);
    return client;
  }

  /** Three wrong passwords over TCP: the account is locked. */
  async lockOut(name: string): Promise<void> {
    const client = this.track(await LineClient.connect(this.server.port));
    for (let attempt = 0; attempt < 3; attempt++) {
      client.send(name);
      client.send('wrong-password');
    }
    await client.expectLine(/locked/);
  }

  /** Signs in through the console's form (from any page) and waits for the section heading. */
  async signIn(username = 'admin', password = ADMIN_PASSWORD, path = '/'): Promise<void> {
    await this.page.goto(this.server.httpUrl + path);
    await this.page.evaluate(() => sessionStorage.clear()); // a fresh sign-in, whoever was signed in
    await this.page.reload();
    const form = this.page.getByRole('form', { name: 'Parley admin' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill(password);
    await this.page.keyboard.press('Enter');
    await this.page.getByRole('navigation', { name: 'Sections' }).waitFor();
  }

  async open(section: string, heading = section): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
    await this.page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  cell(text: string) {
    return this.page.getByRole('cell', { name: text, exact: true });
  }

  status(text: string | RegExp) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /**
   * Every visible button of the page (not hidden by a collapsed menu) whose box is not
   * entirely inside the viewport's width, or is clipped by a scrolling container.
   */
  async buttonsOutsideViewport(): Promise<string[]> {
    return this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const outside: string[] = [];
      for (const button of document.querySelectorAll('button')) {
        const box = button.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        let clipped = box.left < 0 || box.right > width;
        for (let parent = button.parentElement; parent; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (style.overflowX === 'visible') continue;
          const frame = parent.getBoundingClientRect();
          if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) clipped = true;
        }
        if (clipped) outside.push(`${button.getAttribute('aria-label') ?? button.textContent} (${Math.round(box.left)}–${Math.round(box.right)} of ${width})`);
      }
      return outside;
    });
  }

  /** How far the page, or any table box, scrolls sideways (0 when nothing does). */
  async sidewaysOverflow(): Promise<number> {
    return this.page.evaluate(() => {
      const boxes = [document.documentElement, ...document.querySelectorAll<HTMLElement>('.table-wrap')];
      return Math.max(...boxes.map((box) => box.scrollWidth - box.clientWidth));
    });
  }
}
