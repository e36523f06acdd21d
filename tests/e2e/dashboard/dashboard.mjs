// Drives the clearhost dashboard in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), as tests/e2e/dashboard_test.cpp asks: log in with an API token, find the
// overdue case first in the list, action it through its form, see the new state, check the
// charts, try POSTs without (and with a wrong) CSRF token, log out. Screenshots go to
// $CLEARHOST_ARTEFACTS. Any console error (a CSP violation is one), page error, failed request or
// request off the server's own origin fails the run. Prints "dashboard: ok" and exits 0 on success.
//
// Environment: CLEARHOST_PLAYWRIGHT_DIR (the npm prefix holding node_modules/playwright-core),
// CLEARHOST_URL (http://127.0.0.1:PORT), CLEARHOST_TOKEN (an operator token),
// CLEARHOST_OVERDUE_CASE (its id), CLEARHOST_ARTEFACTS (a directory), CLEARHOST_CHROMIUM.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const require = createRequire(path.join(env('CLEARHOST_PLAYWRIGHT_DIR'), 'package.json'));
const { chromium } = require('playwright-core');

const base = env('CLEARHOST_URL');
const token = env('CLEARHOST_TOKEN');
const overdueCase = env('CLEARHOST_OVERDUE_CASE');
const artefacts = env('CLEARHOST_ARTEFACTS');
mkdirSync(artefacts, { recursive: true });

const problems = [];
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const browser = await chromium.launch({
  executablePath: env('CLEARHOST_CHROMIUM'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-proxy-server', '--proxy-bypass-list=*',
    '--disable-extensions', '--no-first-run'],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing may leave the server's origin: every other request is refused and reported.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${base}/`)) return route.continue();
    problems.push(`request off the server: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  const shot = (name) => page.screenshot({ path: path.join(artefacts, `dashboard-${name}.png`),
    fullPage: true });

  // Not logged in: the dashboard sends us to the login page.
  await page.goto(`${base}/ui`);
  check(page.url() === `${base}/ui/login`, `redirected to the login page, at ${page.url()}`);
  await shot('login');
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForURL(`${base}/ui`), page.click('form.login button')]);
  check((await page.textContent('nav')).includes('operator'), 'the nav bar names the role');

  // The overdue case comes first.
  const firstRow = page.locator('table.cases tbody tr').first();
  check(await firstRow.getAttribute('data-case-id') === overdueCase,
    `case ${overdueCase} is listed first`);
  check(await firstRow.getAttribute('class') === 'overdue', 'the first row is marked overdue');
  check(/^overdue by \d+ h \d+ min/.test(await firstRow.locator('td.deadline').innerText()),
    'the first row says how long it is overdue');
  check(/\d+ h \d+ min left/.test(await page.locator('table.cases tbody tr').nth(1)
    .locator('td.deadline').innerText()), 'the second row says how much time is left');
  await shot('cases');

  // Open it and action it through its form.
  await Promise.all([page.waitForURL(`${base}/ui/cases/${overdueCase}`),
    firstRow.locator('a').first().click()]);
  check(await page.textContent('span.state') === 'received', 'the case is received');
  await shot('case');
  const form = page.locator('form[data-to=actioned]');
  await form.locator('select[name=action]').selectOption('removed');
  await form.locator('input[name=note]').fill('removed by the dashboard test');
  await Promise.all([page.waitForURL(`${base}/ui/cases/${overdueCase}`),
    form.locator('button').click()]);
  check(await page.textContent('span.state') === 'actioned', 'the case is now actioned');
  check((await page.textContent('table.events')).includes('removed by the dashboard test'),
    'the history shows the note');
  check(await page.locator('form[data-to=confirmed_gone]').count() === 1,
    'confirm gone is offered next');
  await shot('case-actioned');

  // The charts are inline SVG.
  await page.click('nav a[href="/ui/charts"]');
  await page.waitForURL(`${base}/ui/charts`);
  const charts = await page.locator('main svg').count();
  check(charts === 3, `three charts, found ${charts}`);
  const chartText = await page.locator('main .charts').textContent();
  for (const title of ['Cases by source type', 'confirmed removal', 'within the deadline']) {
    check(chartText.includes(title), `a chart titled '${title}'`);
  }
  const box = await page.locator('main svg').first().boundingBox();
  check(box && box.width > 300 && box.height > 80, 'the first chart is drawn at a readable size');
  await shot('charts');

  await page.click('nav a[href="/ui/banks"]');
  await page.waitForURL(`${base}/ui/banks`);
  const banks = await page.textContent('main');
  check(banks.includes('no banks yet') || banks.includes('no bank store configured') ||
    await page.locator('table.banks').count() === 1, 'the banks page lists banks or says why not');
  await shot('banks');

  // POSTs without the session's CSRF token are refused, and change nothing.
  const transitions = `${base}/ui/cases/${overdueCase}/transitions`;
  const noToken = await context.request.post(transitions, {
    form: { to: 'confirmed_gone' }, maxRedirects: 0 });
  check(noToken.status() === 403, `a POST without a CSRF token is 403, got ${noToken.status()}`);
  const wrongToken = await context.request.post(transitions, {
    form: { to: 'confirmed_gone', csrf: '0'.repeat(64) }, maxRedirects: 0 });
  check(wrongToken.status() === 403, `a POST with a wrong CSRF token is 403, got ${wrongToken.status()}`);
  await page.goto(`${base}/ui/cases/${overdueCase}`);
  check(await page.textContent('span.state') === 'actioned', 'the refused POSTs changed nothing');

  // Log out: the session is gone.
  await Promise.all([page.waitForURL(`${base}/ui/login`), page.click('nav form button')]);
  await page.goto(`${base}/ui`);
  check(page.url() === `${base}/ui/login`, 'logged out');
  await context.close();
} catch (error) {
  failed = true;
  console.log(`dashboard: FAILED: ${error.message}`);
} finally {
  await browser.close();
}
for (const problem of problems) console.log(`dashboard: problem: ${problem}`);
if (failed || problems.length > 0) process.exit(1);
console.log('dashboard: ok');
