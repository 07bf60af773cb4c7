// Facts of one endpoint and the verdict on its declared virtualization (a contradiction is shown, never hidden).
import type { TechnologyVerdict } from '../../../../main/contract/technology-check.ts';
import { Badge } from '../../components/Badge.tsx';
import { formatBytes, formatTime } from '../../components/format.ts';
import type { FactsSnapshot } from '../../stores/hosts-store.ts';

type Facts = NonNullable<FactsSnapshot['facts']>;

export function VerdictBadge({ verdict }: { verdict: TechnologyVerdict }) {
  if (verdict.status === 'contradicts')
    return (
      <Badge tone="bad" title={verdict.message}>
        contradiction
      </Badge>
    );
  if (verdict.status === 'agrees')
    return (
      <Badge tone="ok" title={verdict.message}>
        as declared
      </Badge>
    );
  return (
    <Badge tone="neutral" title={verdict.message}>
      not verified
    </Badge>
  );
}

export function keyFacts(f: Facts): string {
  const cpus = f.cpu.logicalCpus !== null ? `${f.cpu.logicalCpus} CPU${f.cpu.logicalCpus === 1 ? '' : 's'}` : undefined;
  const os = f.os.id ? `${f.os.id}${f.os.versionId ? ` ${f.os.versionId}` : ''}` : f.os.prettyName;
  return [os, cpus, f.memoryBytes !== null ? formatBytes(f.memoryBytes) : undefined].filter(Boolean).join(' · ');
}

export function FactsView({ snapshot, verdict }: { snapshot: FactsSnapshot; verdict?: TechnologyVerdict }) {
  const f = snapshot.facts;
  if (!f) return <p className="error">{snapshot.error ?? 'No facts.'}</p>;
  return (
    <div data-testid="facts">
      <dl className="facts">
        <dt>Hostname</dt>
        <dd>{f.hostname ?? '—'}</dd>
        <dt>System</dt>
        <dd>
          {f.os.prettyName ?? '—'} ({f.arch ?? '?'}), kernel {f.kernel ?? '?'}
        </dd>
        <dt>CPU</dt>
        <dd>
          {f.cpu.model ?? '—'}; {f.cpu.logicalCpus ?? '?'} logical CPUs{f.cpu.sockets ? `, ${f.cpu.sockets} socket(s)` : ''}
        </dd>
        <dt>Memory</dt>
        <dd>
          {formatBytes(f.memoryBytes)}
          {f.numaNodes ? `, ${f.numaNodes} NUMA node(s)` : ''}
        </dd>
        <dt>Compilers</dt>
        <dd>
          gcc {f.compilers.gcc ?? 'missing'}, gfortran {f.compilers.gfortran ?? 'missing'}
        </dd>
        <dt>MPI</dt>
        <dd>{f.mpi.implementation ? `${f.mpi.implementation} ${f.mpi.version ?? ''}` : 'none found'}</dd>
        {verdict && (
          <>
            <dt>Virtualization</dt>
            <dd>
              detected {verdict.detected ?? '?'}; declared {verdict.declared ?? 'unknown'} ({verdict.declaredBy}) <VerdictBadge verdict={verdict} />
            </dd>
          </>
        )}
        <dt>Probed</dt>
        <dd>{formatTime(snapshot.takenAt)}</dd>
      </dl>
      {verdict?.status === 'contradicts' && (
        <p className="callout callout-bad" data-testid="contradiction">
          <b>Declared and detected virtualization disagree:</b> {verdict.message}. Results of this endpoint carry the declared label; check the lab before
          trusting a comparison.
        </p>
      )}
      {f.virtualization.evidence.length > 0 && <p className="muted field-hint">Evidence: {f.virtualization.evidence.join('; ')}</p>}
    </div>
  );
}
