import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const ADMIN_UI_DIST = join(__dirname, '..', '..', 'admin-ui', 'dist');

/**
 * `describe` when Chromium is installed; otherwise the block is skipped and one line says why.
 * The built console is required: without it the server would serve no page and every test
 * would fail for a reason that is not the console's.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (!existsSync(CHROMIUM_PATH)) {
    process.stderr.write(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)\n`);
    describe.skip(name, body);
    return;
  }
  if (!existsSync(join(ADMIN_UI_DIST, 'index.html'))) {
    throw new Error(`${ADMIN_UI_DIST}/index.html is missing: build the console first (npm run build:ui)`);
  }
  describe(name, body);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Text of every JavaScript dialog (alert, confirm, prompt) the page opened; each was dismissed. */
  dialogs: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a throw-away profile, one page at 1280×800. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    dialogs,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
