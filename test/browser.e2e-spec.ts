import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { QUEUE_SESSION_COOKIE } from '../src/insight/admin-queues/queue-session-cookie';
import { QueueName } from '../src/platform/jobs/queues';
import { createTestApp, TestApp } from './app';
import { authHeader, createAdmin } from './factories/users';

/** Debian's chromium package; `.ci/run` installs it. Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = tmpdir();

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `browser e2e skipped: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`,
  );
}
const describeInBrowser = hasChromium ? describe : describe.skip;

/** What went wrong on a page: uncaught errors, and console errors about the Content Security Policy. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(msg.text())) {
      problems.push(`CSP: ${msg.text()}`);
    }
  });
  return problems;
}

/**
 * Runs inside the browser (Playwright sends its source, so it must be self-contained): whether the bull-board
 * overview shows at least `min` queue cards, each with its job count ("7 Jobs"). No DOM types in this tsconfig.
 */
function showsQueueCards(min: number): boolean {
  const text = (globalThis as unknown as { document: { body: { innerText: string } } }).document.body
    .innerText;
  return (text.match(/\b\d+ Jobs?\b/g) ?? []).length >= min;
}

describeInBrowser(`real browser (headless ${CHROMIUM} via playwright-core)`, () => {
  jest.setTimeout(90000);
  let t: TestApp;
  let base: string;
  let userDataDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'tv-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // Hermetic: only the app under test is reachable (bull-board's page also asks Google Fonts for its fonts).
    await context.route('**/*', (route) =>
      new URL(route.request().url()).host === new URL(base).host ? route.continue() : route.abort(),
    );
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.close();
  });

  it('renders Swagger UI at /docs with the auth, events and orders operations', async () => {
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(`${base}/docs`);
    const operation = (path: string) => page.locator(`.opblock-summary-path[data-path="${path}"]`).first();
    // Tags start folded (docExpansion: none); open the three.
    const tag = (name: string) => page.locator(`.opblock-tag[data-tag="${name}"]`);
    await tag('auth').waitFor({ timeout: 20000 });
    for (const name of ['auth', 'events', 'orders']) await tag(name).click();
    await operation('/api/v1/auth/login').waitFor({ timeout: 20000 });
    for (const path of ['/api/v1/auth/register', '/api/v1/events', '/api/v1/orders', '/api/v1/orders/{id}']) {
      await expect(operation(path).count()).resolves.toBe(1);
    }
    await expect(page.locator('.swagger-ui .info .title').innerText()).resolves.toContain(
      'Ticket Vendor API',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'tv-browser-docs.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses /admin/queues to a browser without the admin session cookie', async () => {
    const page = await context.newPage();
    const res = await page.goto(`${base}/admin/queues`);
    expect(res?.status()).toBe(401);
    expect(JSON.parse(await page.locator('body').innerText())).toMatchObject({ code: 'UNAUTHENTICATED' });
    await page.close();
  });

  it('opens the bull-board dashboard as an admin and shows every queue', async () => {
    const admin = await createAdmin(t);
    // The browser context's own request client: the Set-Cookie answer lands in the browser's cookie jar.
    const session = await context.request.post(`${base}/api/v1/admin/queues/session`, {
      headers: authHeader(admin.accessToken),
    });
    expect(session.status()).toBe(201);
    const cookie = (await context.cookies(`${base}/admin/queues`)).find(
      (c) => c.name === QUEUE_SESSION_COOKIE,
    );
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin/queues' });

    const page = await context.newPage();
    const problems = watchForProblems(page);
    const res = await page.goto(`${base}/admin/queues`);
    expect(res?.status()).toBe(200);
    for (const name of Object.values(QueueName)) {
      await page.getByText(name, { exact: true }).first().waitFor({ timeout: 20000 });
    }
    // The overview loads its panel lazily, then shows one card per queue with its job count ("7 Jobs").
    await page.waitForFunction(showsQueueCards, Object.values(QueueName).length, { timeout: 20000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'tv-browser-queues.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });
});
