// The address of the printable report page: the renderer's index with the report request in the query string.
import type { ReportRequest } from '../contract/results.ts';

export function reportQuery(request: ReportRequest): string {
  const q = new URLSearchParams({ view: 'report', campaign: String(request.campaignId) });
  if (request.mode) q.set('mode', request.mode);
  if (request.baseline) q.set('baseline', request.baseline);
  if (request.sections) q.set('sections', request.sections.join(','));
  if (request.platforms) q.set('platforms', request.platforms.join(','));
  return q.toString();
}
