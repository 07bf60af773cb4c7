// The page Chromium or Electron prints: the report named in the query string, with no app chrome. It marks the
// document ready (data-report-ready) once the data is in and every chart has drawn.
import { useEffect, useRef, useState } from 'react';
import { ReportSectionId, type ReportModel } from '../../../../main/contract/results.ts';
import { api } from '../../api/core-api.ts';
import { ReportDocument } from './ReportDocument.tsx';

export function reportPrintRequest(search: string = window.location.search) {
  const q = new URLSearchParams(search);
  if (q.get('view') !== 'report') return undefined;
  const list = (k: string) => q.get(k)?.split(',').filter(Boolean);
  return {
    campaignId: Number(q.get('campaign')),
    mode: q.get('mode') === 'absolute' ? ('absolute' as const) : ('relative' as const),
    ...(q.get('baseline') ? { baseline: q.get('baseline')! } : {}),
    ...(list('sections') ? { sections: list('sections')!.filter((s) => ReportSectionId.safeParse(s).success) as ReportSectionId[] } : {}),
    ...(list('platforms') ? { platforms: list('platforms')! } : {}),
  };
}

export function ReportPrintView({ request }: { request: NonNullable<ReturnType<typeof reportPrintRequest>> }) {
  const [report, setReport] = useState<ReportModel>();
  const [error, setError] = useState<string>();
  const drawn = useRef(0);
  useEffect(() => {
    const client = api();
    client['reports.render'](request).then(setReport, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [request]);
  const charts = report?.sections.reduce((n, s) => n + (s.figure?.panels.length ?? 0), 0) ?? 0;
  useEffect(() => {
    if (report && charts === 0) document.documentElement.dataset.reportReady = 'true';
  }, [report, charts]);
  const onChartFinished = () => {
    drawn.current += 1;
    if (drawn.current >= charts) document.documentElement.dataset.reportReady = 'true';
  };
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!report) return <p role="status">Rendering report…</p>;
  return <ReportDocument report={report} onChartFinished={onChartFinished} />;
}
