// The campaign's provider platforms being made before their first run (containers, VMs booting and enrolling), as
// this window saw them in the live log: what each is doing now and how long it has taken.
import type { RunInfo } from '../../../../main/contract/campaigns.ts';
import { Badge } from '../../components/Badge.tsx';
import { formatDuration } from '../../components/format.ts';
import { useCampaigns } from '../../stores/campaigns-store.ts';
import { preparations } from './preparation.ts';

const SHOWN_LINES = 4;

export function PlatformPreparation({ runs, now }: { runs: readonly RunInfo[]; now: number }) {
  const logs = useCampaigns((s) => s.logs);
  const list = preparations(runs, logs);
  if (list.length === 0) return null;
  return (
    <section className="panel preparation" aria-labelledby="preparation-title" data-testid="platform-preparation">
      <h3 id="preparation-title">Platform preparation</h3>
      <ul>
        {list.map((p) => (
          <li key={p.platform} data-testid={`preparation-${p.platform}`}>
            <b>{p.platform}</b>{' '}
            {p.state === 'ready' ? (
              <Badge tone="ok">{p.readySec !== undefined ? `ready in ${formatDuration(p.readySec)}` : 'ready'}</Badge>
            ) : (
              <Badge tone="info">{`preparing for ${formatDuration(Math.max(0, (now - p.since) / 1000))}`}</Badge>
            )}
            <pre className="log">{p.lines.slice(-SHOWN_LINES).join('\n')}</pre>
          </li>
        ))}
      </ul>
      <p className="muted field-hint">As logged while this window was open; each run's log has the whole account.</p>
    </section>
  );
}
