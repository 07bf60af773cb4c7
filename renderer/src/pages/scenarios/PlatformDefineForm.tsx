// Define a platform: a named set of endpoints (hosts for native, guests otherwise) of one technology.
import { useState } from 'react';
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import { TechnologyId } from '../../../../main/contract/scenarios.ts';
import { issuesOf, messageOf, type FieldIssue } from '../../components/errors.ts';
import { CheckboxField, CheckboxGroup, SelectField, TextField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import { useScenarios } from '../../stores/scenarios-store.ts';

const TECH_LABEL: Record<TechnologyId, string> = {
  native: 'Native (bare metal)', 'hw-vm': 'Hardware-assisted VM', 'full-virt': 'Full virtualization (emulated)', 'para-virt': 'Paravirtualization', 'os-level': 'OS-level (containers)',
};

export function PlatformDefineForm({ hosts, onDefined, onCancel }: { hosts: readonly HostRecord[]; onDefined(name: string): void; onCancel(): void }) {
  const [name, setName] = useState('');
  const [technology, setTechnology] = useState<TechnologyId>('native');
  const [product, setProduct] = useState('bare metal');
  const [version, setVersion] = useState('');
  const [isBaseline, setIsBaseline] = useState(true);
  const [endpoints, setEndpoints] = useState<string[]>([]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string>();
  const definePlatform = useScenarios((s) => s.definePlatform);
  const candidates = hosts.filter((h) => (technology === 'native' ? !h.guestOf : !!h.guestOf));

  const submit = async () => {
    setError(undefined);
    setIssues([]);
    try {
      const p = await definePlatform({ name: name.trim(), technology, product: product.trim(), ...(version.trim() ? { version: version.trim() } : {}), isBaseline, endpoints });
      onDefined(p.name);
    } catch (e) {
      setIssues(issuesOf(e));
      setError(messageOf(e));
    }
  };

  return (
    <div className="panel" role="group" aria-label="Define a platform">
      <h3>Define a platform</h3>
      <div className="grid-3">
        <TextField label="Platform name" value={name} onChange={setName} error={issueAt(issues, 'name')} placeholder="native, kvm, lxc…" />
        <SelectField label="Technology" value={technology} error={issueAt(issues, 'technology')}
          onChange={(t) => { setTechnology(t); setEndpoints([]); setIsBaseline(t === 'native'); setProduct(t === 'native' ? 'bare metal' : ''); }}
          options={TechnologyId.options.map((t) => ({ value: t, label: TECH_LABEL[t] }))} />
        <TextField label="Product" value={product} onChange={setProduct} error={issueAt(issues, 'product')} placeholder="KVM, Docker, LXC…" hint="For the record (e.g. KVM, Docker); the class is what is compared." />
        <TextField label="Version (optional)" value={version} onChange={setVersion} error={issueAt(issues, 'version')} />
      </div>
      <CheckboxGroup legend={technology === 'native' ? 'Endpoints (hosts, rank order)' : 'Endpoints (guests, rank order)'} value={endpoints} onChange={setEndpoints}
        options={candidates.map((h) => ({ value: h.name, label: h.guestOf ? `${h.name} (${h.technology} on ${h.guestOf})` : h.name }))}
        error={issueAt(issues, 'endpoints')} hint={candidates.length === 0 ? `No ${technology === 'native' ? 'hosts' : 'guests'} in the Lab yet.` : 'netperf needs two endpoints; MPI runs on up to all of them.'} />
      <CheckboxField label="Baseline (the platform others are shown relative to)" checked={isBaseline} onChange={setIsBaseline} />
      {error && <p className="error" role="alert">{error}</p>}
      <div className="toolbar">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="button" className="primary" onClick={() => void submit()}>Define platform</button>
      </div>
    </div>
  );
}
