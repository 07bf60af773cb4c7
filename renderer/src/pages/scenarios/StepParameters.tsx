// Step 3: each enabled benchmark's parameters, starting from the paper's, each explained in one line.
import type { FieldIssue } from '../../components/errors.ts';
import { CheckboxField, CheckboxGroup, NumberField, TextField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import { benchmarkIndex, NPB_CLASSES, NPB_KERNELS, type Draft } from './draft.ts';

export function StepParameters({ draft, set, issues }: { draft: Draft; set(p: Partial<Draft>): void; issues: readonly FieldIssue[] }) {
  const at = (kind: 'netperf' | 'iozone' | 'npb', field: string) => issueAt(issues, `benchmarks[${benchmarkIndex(draft, kind)}].params.${field}`);
  const n = draft.netperf;
  const io = draft.iozone;
  const npb = draft.npb;
  const setN = (p: Partial<Draft['netperf']>) => set({ netperf: { ...n, ...p } });
  const setIo = (p: Partial<Draft['iozone']>) => set({ iozone: { ...io, ...p } });
  const setNpb = (p: Partial<Draft['npb']>) => set({ npb: { ...npb, ...p } });
  if (!n.enabled && !io.enabled && !npb.enabled) return <p className="muted">No benchmark chosen: go back one step.</p>;
  return (
    <>
      {n.enabled && (
        <fieldset>
          <legend>Netperf</legend>
          <CheckboxGroup legend="Tests" value={n.tests} onChange={(tests) => setN({ tests })} error={at('netperf', 'tests')}
            options={[{ value: 'TCP_RR', label: 'TCP_RR (latency)' }, { value: 'TCP_STREAM', label: 'TCP_STREAM (bandwidth)' }]}
            hint="The paper reports both: half-round-trip latency and throughput." />
          <div className="grid-3">
            <TextField label="TCP_RR message sizes (bytes)" value={n.messageSizes} onChange={(messageSizes) => setN({ messageSizes })} error={at('netperf', 'messageSizes')}
              hint="Request/response sizes of the latency sweep; paper: growing sizes, here 1 B to 16 KiB." />
            <TextField label="TCP_STREAM send sizes (bytes)" value={n.streamSizes} onChange={(streamSizes) => setN({ streamSizes })} error={at('netperf', 'streamSizes')}
              hint="Empty: one point with netperf's default send size." />
            <NumberField label="Seconds per point" value={n.durationSec} onChange={(durationSec) => setN({ durationSec })} error={at('netperf', 'durationSec')} min={1}
              hint="netperf -l; 10 s is netperf's default." />
          </div>
        </fieldset>
      )}
      {io.enabled && (
        <fieldset>
          <legend>IOzone</legend>
          <div className="grid-3">
            <TextField label="File sizes (KiB)" value={io.fileSizes} onChange={(fileSizes) => setIo({ fileSizes })} error={at('iozone', 'fileSizes')}
              hint="Powers of two; paper: 1 MB to 512 MB." />
            <NumberField label="Record size (KiB)" value={io.recordSize} onChange={(recordSize) => setIo({ recordSize })} error={at('iozone', 'recordSize')} min={4}
              hint="Paper: fixed at 1 MB (1024 KiB)." />
            <CheckboxGroup legend="Tests" value={io.tests} onChange={(tests) => setIo({ tests })} error={at('iozone', 'tests')}
              options={[{ value: 'write', label: 'write' }, { value: 'read', label: 'read' }, { value: 'random', label: 'random' }]}
              hint="Paper shows writer and reader." />
          </div>
          <CheckboxField label="O_DIRECT (-I): bypass the page cache" checked={io.oDirect} onChange={(oDirect) => setIo({ oDirect })}
            hint="Off as in the paper's out-of-the-box runs; on to measure the disk rather than memory." />
          <CheckboxField label="Include fsync in the timing (-e)" checked={io.flush} onChange={(flush) => setIo({ flush })}
            hint="Counts the flush to disk, so small files do not just measure the cache." />
        </fieldset>
      )}
      {npb.enabled && (
        <fieldset>
          <legend>NAS Parallel Benchmarks</legend>
          <CheckboxGroup legend="Kernels" value={npb.kernels} onChange={(kernels) => setNpb({ kernels })} error={at('npb', 'kernels')}
            options={NPB_KERNELS.map((k) => ({ value: k, label: k.toUpperCase() }))}
            hint="Paper: all eight serial/OpenMP; EP, BT, CG, SP shown for MPI. BT and SP need a square number of ranks." />
          <CheckboxGroup legend="Classes" value={npb.classes} onChange={(classes) => setNpb({ classes })} error={at('npb', 'classes')}
            options={NPB_CLASSES.map((c) => ({ value: c, label: c }))} hint="Problem size; paper: class C. S and W finish in seconds (tests)." />
          <CheckboxGroup legend="Variants" value={npb.variants} onChange={(variants) => setNpb({ variants })} error={at('npb', 'variants')}
            options={[{ value: 'serial', label: 'serial' }, { value: 'openmp', label: 'OpenMP' }, { value: 'mpi', label: 'MPI' }]}
            hint="Paper: serial and OpenMP on one node (Fig. 3), MPI across nodes (Fig. 4)." />
          <div className="grid-3">
            <TextField label="OpenMP threads" value={npb.threads} onChange={(threads) => setNpb({ threads })} error={at('npb', 'threads')}
              hint="OMP_NUM_THREADS values for the OpenMP variant." />
            <TextField label="MPI node counts" value={npb.mpiNodes} onChange={(mpiNodes) => setNpb({ mpiNodes })} error={at('npb', 'mpiNodes')}
              hint="Paper: up to 64 nodes. 1, 4, 16, 64 suit every kernel (BT and SP need squares, the rest powers of two)." />
            <NumberField label="Ranks per node" value={npb.ranksPerNode} onChange={(ranksPerNode) => setNpb({ ranksPerNode })} error={at('npb', 'ranksPerNode')} min={1}
              hint="Paper: 1 process per node." />
          </div>
        </fieldset>
      )}
    </>
  );
}
