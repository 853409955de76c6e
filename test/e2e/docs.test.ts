// `npm run docs` end to end: build the page into a temp dir, serve it from 127.0.0.1, open it in
// headless Chromium with every request to another host blocked, and check that it renders the whole
// spec (each operation under its group, with its evidence badge) without needing anything from
// elsewhere, and that the side menu takes you to an operation's request sample.
// Screenshots: test-output/docs.png and test-output/docs-after-click.png.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundledSpec, root } from '../../scripts/spec/spec.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const LEVELS = ['documented', 'method-documented', 'inferred'] as const;
const CLICKED_SUMMARY = 'Save Credentials or Connect Domain';
const SAMPLE_TEXT = 'abc123globalApiKey'; // in that operation's request example (Mode A)
const outputDir = join(root, 'test-output');

interface SpecOperation {
  summary: string;
  tag: string;
  evidence: string;
  docsUrl?: string;
}
interface MenuOperation {
  title: string;
  badges: string[];
  badgeColors: Record<string, string>;
  badgesVisible: boolean;
}

const doc = loadBundledSpec();
const specOps: SpecOperation[] = listOperations(doc).map(({ op }: { op: any }) => ({
  summary: op.summary,
  tag: op.tags?.[0],
  evidence: op['x-litemail-evidence'],
  docsUrl: op['x-litemail-docs'],
}));
const tagNames = new Map<string, string>(
  (doc.tags ?? []).map((t: any) => [t.name, t['x-displayName'] ?? t.name] as [string, string]),
);
const byTag = new Map<string, SpecOperation[]>();
for (const op of specOps) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);

let workDir: string;
let server: Server;
let baseUrl: string;
let browser: Browser | undefined;
let page: Page;
const blocked: string[] = [];
const failed: string[] = [];
const pageErrors: string[] = [];

function serve(dir: string): Promise<Server> {
  const s = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    let body: Buffer | undefined;
    if (file.startsWith(dir + sep)) {
      try {
        if (statSync(file).isFile()) body = readFileSync(file);
      } catch {
        body = undefined;
      }
    }
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** The side menu's operations as shown right now: title, evidence badge text and colour. */
function readMenu(p: Page): Promise<MenuOperation[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll('[data-component-name="Menu/MenuItem"].menu-item-type-operation')].map((item) => {
      const tags = [...item.querySelectorAll<HTMLElement>('[data-component-name="Tag/Tag"]')];
      return {
        title: item.querySelector('[data-text]')?.getAttribute('data-text') ?? '',
        badges: tags.map((t) => t.innerText.trim()),
        badgeColors: Object.fromEntries(tags.map((t) => [t.innerText.trim(), getComputedStyle(t).backgroundColor])),
        badgesVisible: tags.length > 0 && tags.every((t) => t.checkVisibility() && t.getBoundingClientRect().width > 0),
      };
    }),
  );
}

/** Whether the element's top edge is inside the viewport. */
function topInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.top < window.innerHeight;
  });
}

/** Waits until the element stops moving (menu groups expand with an animation). */
async function settled(locator: Locator): Promise<void> {
  let last = '';
  await expect
    .poll(
      async () => {
        const box = JSON.stringify(await locator.boundingBox());
        const same = box === last && box !== 'null';
        last = box;
        return same;
      },
      { interval: 100, timeout: 5_000 },
    )
    .toBe(true);
}

/** Whether the request sample text is on screen: inside the viewport and not covered by anything. */
function sampleOnScreen(p: Page, text: string): Promise<boolean> {
  return p.evaluate((needle) => {
    const panels = [...document.querySelectorAll('[data-testid="right-panel"]')];
    const hits = panels.flatMap((panel) =>
      [...panel.querySelectorAll<HTMLElement>('*')].filter(
        (el) => el.textContent?.includes(needle) && ![...el.children].some((c) => c.textContent?.includes(needle)),
      ),
    );
    return hits.some((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!top && (el === top || el.contains(top));
    });
  }, text);
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'litemail-docs-test-'));
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'docs', 'docs.mjs'), '--out', join(workDir, 'index.html')], {
    cwd: root,
  });
  server = await serve(workDir);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = await context.newPage();
  page.on('requestfailed', (r) => failed.push(`${r.url().slice(0, 200)}: ${r.failure()?.errorText}`));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const res = await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  // Hydrated: the side menu lists the groups.
  await page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('npm run docs', () => {
  it('writes one self-contained HTML file', () => {
    const html = readFileSync(join(workDir, 'index.html'), 'utf8');
    expect(html.includes('http-equiv="Content-Security-Policy"'), 'the page sets a Content-Security-Policy').toBe(true);
    const remote = html.match(/<script[^>]+src=[^>]*>|[\w./-]*(?:cdn\.redocly\.com\/redoc|cdn\.redoc\.ly|fonts\.googleapis\.com)[\w./-]*/g);
    expect(remote ?? []).toEqual([]);
    expect(specOps.length).toBeGreaterThan(0);
  });

  it('renders the title and loads nothing from another host', async () => {
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain(doc.info.title);
    expect(blocked).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('lists every operation of the spec under its group, with its evidence badge', async () => {
    const seen = new Map<string, MenuOperation>();
    for (const [tag, ops] of byTag) {
      const label = tagNames.get(tag) ?? tag;
      const group = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a', {
        has: page.locator(`[data-text=${JSON.stringify(label)}]`),
      });
      expect(await group.count(), `menu group ${label}`).toBe(1);
      // A DOM click: Playwright's own click waits for the menu to settle, ~0.5 s a group.
      await group.evaluate((a) => (a as HTMLElement).click());
      const want = ops.map((o) => o.summary);
      await expect
        .poll(async () => (await readMenu(page)).map((m) => m.title), { message: `operations of ${label}`, timeout: 5_000 })
        .toEqual(expect.arrayContaining(want));
      for (const m of await readMenu(page)) if (want.includes(m.title)) seen.set(m.title, m);
    }
    const missing = specOps.filter((o) => !seen.has(o.summary)).map((o) => o.summary);
    expect(missing).toEqual([]);
    for (const op of specOps) {
      const shown = seen.get(op.summary)!;
      expect(shown.badges, op.summary).toContain(op.evidence);
      expect(shown.badgesVisible, `badge of ${op.summary} is visible`).toBe(true);
    }

    // Each evidence level is on the page, as a visible badge, in its own colour.
    const colors = new Map<string, string>();
    for (const m of seen.values()) for (const [badge, color] of Object.entries(m.badgeColors)) colors.set(badge, color);
    for (const level of LEVELS) {
      if (specOps.some((o) => o.evidence === level)) expect(colors.has(level), `a ${level} badge`).toBe(true);
    }
    const used = LEVELS.filter((l) => colors.has(l));
    expect(new Set(used.map((l) => colors.get(l))).size).toBe(used.length);
    // The legend in the spec's description names all three levels.
    await page.evaluate(() => (document.querySelector('[data-component-name="Menu/MenuItem"] a') as HTMLElement).click());
    for (const level of LEVELS) {
      await page
        .locator('[data-component-name="Markdown/Markdown"] code', { hasText: new RegExp(`^${level}$`) })
        .first()
        .waitFor({ state: 'visible', timeout: 5_000 });
    }
  });

  it('scrolls an operation\'s request sample into view when it is clicked in the side menu', async () => {
    const op = specOps.find((o) => o.summary === CLICKED_SUMMARY);
    expect(op, `the spec still has "${CLICKED_SUMMARY}"`).toBeDefined();
    mkdirSync(outputDir, { recursive: true });

    const group = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a', {
      has: page.locator(`[data-text=${JSON.stringify(tagNames.get(op!.tag) ?? op!.tag)}]`),
    });
    await group.click();
    const item = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation > a', {
      has: page.locator(`[data-text=${JSON.stringify(CLICKED_SUMMARY)}]`),
    });
    await item.waitFor({ state: 'visible', timeout: 5_000 });
    await settled(item);
    expect(await item.locator('[data-component-name="Tag/Tag"]').innerText()).toBe(op!.evidence);
    expect(await sampleOnScreen(page, SAMPLE_TEXT)).toBe(false);
    await page.screenshot({ path: join(outputDir, 'docs.png') });

    await item.click();
    await expect.poll(() => sampleOnScreen(page, SAMPLE_TEXT), { timeout: 5_000 }).toBe(true);
    const heading = page.getByRole('heading', { level: 2, name: CLICKED_SUMMARY }).first();
    await expect.poll(() => topInViewport(heading), { timeout: 5_000 }).toBe(true);
    // The LiteMail docs page is a plain link (followed only when clicked).
    if (op!.docsUrl) await page.locator(`a[href="${op!.docsUrl}"]`).first().waitFor({ state: 'visible', timeout: 5_000 });
    await page.screenshot({ path: join(outputDir, 'docs-after-click.png') });
  });

  it('made no request to another host, and nothing failed or broke the page policy', async () => {
    const csp = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(blocked).toEqual([]);
    expect(failed).toEqual([]);
    expect(csp).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
