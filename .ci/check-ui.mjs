// CI: loads the UI that `npm start` serves in headless Chromium (Debian's) and checks the shell is there.
// usage: VIRTLAB_UI_URL=URL node .ci/check-ui.mjs DATABASE_PATH   (from the clone, as the user who started it;
// the address carries the token, so it comes in the environment, which other users cannot read)
import { chromium } from 'playwright-core';

const url = process.env.VIRTLAB_UI_URL;
const [database] = process.argv.slice(2);
if (!url || !database) {
  console.error('usage: VIRTLAB_UI_URL=URL node .ci/check-ui.mjs DATABASE_PATH');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.VIRTLAB_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // An ordinary user keeps Chromium's sandbox; the closed network refuses its background connections.
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  const version = page.getByTestId('core-version');
  await version.waitFor({ timeout: 30_000 });
  const shown = { version: await version.textContent(), database: await page.getByTestId('database-path').textContent() };
  console.log(`ui-check: ${shown.version}; ${shown.database}`);
  if (!/^VirtLab core \d+\.\d+\.\d+/.test(shown.version ?? '')) failures.push(`core version shown as ${JSON.stringify(shown.version)}`);
  if (shown.database !== `Database: ${database}`) failures.push(`database shown as ${JSON.stringify(shown.database)}, expected ${database}`);
  for (const label of ['Lab', 'Scenarios', 'Runs', 'Compare', 'Reports', 'Settings']) {
    await page.getByRole('button', { name: label, exact: true }).click();
    try {
      await page.getByRole('heading', { level: 1, name: label, exact: true }).first().waitFor({ timeout: 10_000 });
    } catch {
      failures.push(`the ${label} button shows the heading ${JSON.stringify(await page.getByRole('heading', { level: 1 }).first().textContent())}`);
    }
  }
  console.log('ui-check: sections Lab, Scenarios, Runs, Compare, Reports and Settings each open');
  if (page.url().includes('token=')) failures.push('the token stayed in the address bar');
  failures.push(...errors.map((e) => `page error: ${e}`));
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(`ui-check: FAILED\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('ui-check: ok');
