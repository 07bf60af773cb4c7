// Reports page in Chromium through the bridge: preview, PDF printed by the core's Chromium (a summary page per platform
// first, a page per section, figure pages not blank, checked with poppler), CSV of every table, and the same PDF from
// `virtlab report pdf`; a campaign that ran only NPB prints no figure frame for what it did not run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './support/browser.ts';
import { runVirtlab } from './support/virtlab-cli.ts';
import { buildResultsDb } from './support/results-fixture.ts';
import { openPage, serveDataDir, type Served } from './support/results-bridge.ts';

let browser: Browser;
let served: Served;
let page: Page;
let errors: string[];
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-report-'));
const SECTION_TITLES = [
  'Summary: kvm against native',
  'Summary: openvz against native',
  'Network latency',
  'Network bandwidth relative to native',
  'IOzone file system performance',
  'NPB relative execution time',
  'NPB MPI performance',
  'Failures and anomalies',
  'Appendix A: Method',
  'Appendix B: Lab and hardware',
  'Appendix C: Environment',
];
const FIGURE_TITLES = SECTION_TITLES.slice(2, 7);
const at = (title: string) => SECTION_TITLES.indexOf(title);

beforeAll(async () => {
  buildResultsDb(join(dataDir, 'virtlab.db'), { repetitions: 4 });
  served = await serveDataDir(dataDir);
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, served, 'Reports'));
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Text of each page of a PDF (pdftotext, form feed between pages). */
function pageTexts(pdf: string): string[] {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

/** Share of non-white pixels of one page, from pdftoppm's 8-bit PGM (P5) output. */
function inkShare(pdf: string, pageNo: number): number {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', String(pageNo), '-l', String(pageNo), pdf], { maxBuffer: 1 << 26 });
  // Header: "P5\n<w> <h>\n<max>\n" then w*h bytes.
  let offset = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(pgm[offset]!))) offset++;
    let token = '';
    while (!/\s/.test(String.fromCharCode(pgm[offset]!))) token += String.fromCharCode(pgm[offset++]!);
    fields.push(token);
  }
  offset++;
  expect(fields[0]).toBe('P5');
  const pixels = pgm.subarray(offset, offset + Number(fields[1]) * Number(fields[2]));
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return ink / pixels.length;
}

/** Page index where each title starts a page (the first page also carries the cover). */
function sectionStarts(texts: string[], titles: readonly string[]): number[] {
  const starts = titles.map((t) => texts.findIndex((p, i) => p.trimStart().split('\n')[0]!.trim().startsWith(t) || (i === 0 && p.includes(t))));
  expect(
    starts.every((s) => s >= 0),
    `section starts ${starts}`,
  ).toBe(true);
  expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  expect(new Set(starts).size).toBe(titles.length);
  return starts;
}

function checkPdf(pdf: string): void {
  const texts = pageTexts(pdf);
  // A page per section, in order, the summary of each platform first: the answer opens the report.
  const starts = sectionStarts(texts, SECTION_TITLES);
  expect(starts[0]).toBe(0);
  expect(texts[0]).toMatch(/Latency: kvm takes 1\.\d\dx native's time \(95% CI/);
  // Figure pages carry drawn charts: clearly more ink than a page of text alone.
  for (const title of FIGURE_TITLES) {
    const i = starts[SECTION_TITLES.indexOf(title)]!;
    expect(inkShare(pdf, i + 1), title).toBeGreaterThan(0.03);
  }
  // The lab page reads the recorded probes (facts format) and says where declared and detected virtualization disagree.
  const lab = texts[starts[at('Appendix B: Lab and hardware')]!]!;
  expect(lab).toMatch(/kvm-node1 +0 +AMD EPYC +1 socket x 2 core x 1 thread +2 +23\.5 GiB/);
  expect(lab).toContain('container docker in VM kvm');
  expect(lab).toMatch(
    /Contradiction on native-node1 \(platform native, declared native, bare metal\): declared native but this endpoint runs inside a docker container/,
  );
  const appendix = texts.slice(starts[at('Appendix C: Environment')]!).join('\n');
  expect(appendix).toMatch(/Host facts: openvz-node1 \(runs' snapshot #\d+, /);
  expect(appendix).toMatch(/virtualization\.container +virtlab-lab/);
  expect(appendix).toMatch(/cpu\.model +AMD EPYC/);
  // Vector figures: the PDF text layer holds the chart's axis labels and legend (SVG text, not a bitmap).
  expect(texts[starts[2]!]).toMatch(/kvm/);
  expect(texts[starts[2]!]).toMatch(/message size/);
}

describe('Reports page', () => {
  it('previews every section with its tables', async () => {
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('report-document').waitFor();
    for (const id of ['fig1a', 'fig1b', 'fig2', 'fig3', 'fig4', 'failures', 'method', 'lab', 'environment']) {
      await page.getByTestId(`report-section-${id}`).waitFor();
    }
    for (const platform of ['kvm', 'openvz']) {
      await page.getByRole('heading', { name: `Summary: ${platform} against native` }).waitFor();
    }
    expect(await page.getByTestId('table-method-runs').innerText()).toMatch(/netperf\s+native\s+2\.7\.0/);
    expect(await page.getByTestId('table-failures-runs').innerText()).toContain('No space left on device');
    await page.getByTestId('report-section-fig2').screenshot({ path: screenshotPath('report-preview-fig2') });
    expect(errors).toEqual([]);
  });

  it('exports a PDF with a page per section and drawn figures', async () => {
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await page.getByTestId('report-exported').waitFor({ timeout: 120_000 });
    const pdf = (await page.getByTestId('report-exported').locator('code').innerText()).trim();
    expect(pdf.startsWith(join(dataDir, 'reports'))).toBe(true);
    checkPdf(pdf);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '4', '-l', '4', pdf, resolve(screenshotPath('report-pdf'), '..', 'report-pdf-page')]);
  });

  it('writes every table as CSV', async () => {
    await page.getByRole('button', { name: 'Save CSV files' }).click();
    await expect.poll(() => page.getByTestId('report-exported').innerText()).toContain('CSV files written');
    const files = (await page.getByTestId('report-exported').locator('code').allInnerTexts()).map((f) => f.trim());
    const tables = await page.locator('[data-testid^="table-"]').count();
    expect(files).toHaveLength(tables);
    const latency = readFileSync(
      files.find((f) => f.endsWith('fig1a-latency.csv'))!,
      'utf8',
    ).split('\r\n');
    expect(latency[0]).toBe('platform,message size (bytes),n,mean,ci_low,ci_high,sd,p,significant,noisy');
    expect(latency.filter((l) => l.startsWith('kvm,'))).toHaveLength(6);
  });
});

describe('virtlab report', () => {
  it('prints the same report from the command line', () => {
    const out = join(dataDir, 'cli.pdf');
    const r = runVirtlab(dataDir, ['report', 'pdf', '1', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Report of campaign 1 \(11 sections\) written to/);
    expect(existsSync(out)).toBe(true);
    checkPdf(out);
    const csvDir = join(dataDir, 'cli-csv');
    const c = runVirtlab(dataDir, ['report', 'csv', '1', '-o', csvDir, '--sections', 'fig3']);
    expect(c.status).toBe(0);
    expect(c.stdout).toBe(`2 CSV file(s) written to ${csvDir}\n`);
  });
});

describe('a campaign that ran only NPB serial and MPI', () => {
  it('prints no frame for the figures and panels it has no data for, names a benchmark it ran without data once on the summary page, and leaves benchmarks it never ran out', () => {
    const db = join(dataDir, 'npb-only.db');
    buildResultsDb(db, { repetitions: 3, benchmarks: ['npb-serial', 'npb-mpi'] });
    const out = join(dataDir, 'npb-only.pdf');
    const r = runVirtlab(join(dataDir, 'npb-only'), ['report', 'pdf', '1', '--db', db, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const texts = pageTexts(out);
    const flat = texts.map((p) => p.replace(/\s+/g, ' ')); // pdftotext breaks long sentences across lines
    const titles = [
      'Summary: kvm against native',
      'Summary: openvz against native',
      'NPB relative execution time',
      'NPB MPI performance',
      'Failures and anomalies',
      'Appendix A: Method',
      'Appendix B: Lab and hardware',
      'Appendix C: Environment',
    ];
    const starts = sectionStarts(texts, titles);
    // Benchmarks the campaign has no run of are simply absent (registering a benchmark module must not change every
    // report); one it ran without data (IOzone: its one run failed) is named once, on the first page, with no frame.
    const all = flat.join('\f');
    for (const absent of ['Network latency', 'Network bandwidth', 'HPCC']) expect(all.split(absent).length - 1, absent).toBe(0);
    expect(texts.filter((p) => p.trimStart().startsWith('IOzone file system'))).toEqual([]);
    expect(flat[0]).toContain('Not drawn, no data in this campaign: IOzone file system performance.');
    expect(all.split('Not drawn, no data').length - 1).toBe(1);
    // Fig. 3 carries the serial panel only: one drawn chart, no empty OpenMP frame beside it.
    const fig3 = texts[starts[2]!]!;
    const panelTitles = fig3
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l === 'Serial' || l === 'OpenMP');
    expect(panelTitles).toEqual(['Serial']);
    for (const i of [starts[2]!, starts[3]!]) expect(inkShare(out, i + 1)).toBeGreaterThan(0.03);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      String(starts[4]! + 1),
      out,
      resolve(screenshotPath('report-npb-only'), '..', 'report-npb-only-page'),
    ]);
  });
});
