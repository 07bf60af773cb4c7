// Define a platform: its technology, the provider that makes (or uses) its guests, that provider's settings drawn from
// its own schema and checked by it as you type, and its endpoints (hosts, or existing guests).
import { useMemo, useState } from 'react';
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import { checkProviderSettings, providersFor, type ProviderDescription } from '../../../../main/contract/providers.ts';
import { TechnologyId } from '../../../../main/contract/scenarios.ts';
import { issuesOf, messageOf, type FieldIssue } from '../../components/errors.ts';
import { CheckboxField, CheckboxGroup, SelectField, TextField } from '../../components/Field.tsx';
import { isUnder, issueAt, unclaimed } from '../../components/issues.ts';
import { fieldSpecs } from '../../../../main/contract/settings-fields.ts';
import { SchemaForm } from '../../components/schema-form/SchemaForm.tsx';
import { useScenarios } from '../../stores/scenarios-store.ts';
import { TECHNOLOGY_TEXT } from './technology-text.ts';

const firstProvider = (t: TechnologyId) => providersFor(t)[0];

export function PlatformDefineForm({ hosts, onDefined, onCancel }: { hosts: readonly HostRecord[]; onDefined(name: string): void; onCancel(): void }) {
  const [name, setName] = useState('');
  const [technology, setTechnology] = useState<TechnologyId>('native');
  const [provider, setProvider] = useState<ProviderDescription | undefined>(() => firstProvider('native'));
  const [product, setProduct] = useState(provider?.product ?? '');
  const [version, setVersion] = useState('');
  const [isBaseline, setIsBaseline] = useState(true);
  const [endpoints, setEndpoints] = useState<string[]>([]);
  const [settings, setSettings] = useState<Record<string, unknown>>({});
  // The provider's own messages show next to a field once it was edited, and all of them after a Define.
  const [touched, setTouched] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string>();
  const definePlatform = useScenarios((s) => s.definePlatform);

  const fields = useMemo(() => (provider ? fieldSpecs(provider.settings) : []), [provider]);
  const checked = provider ? checkProviderSettings(provider.name, settings) : { issues: [] };
  const liveIssues = 'issues' in checked ? checked.issues : [];
  const shownLive = liveIssues.filter((i) => submitted || touched.some((t) => isUnder(i.path, t)));
  const issues = [...shownLive, ...serverIssues.filter((s) => !liveIssues.some((l) => l.path === s.path))];
  const onHosts = provider?.endpoints !== 'guests';
  const candidates = hosts.filter((h) => (onHosts ? !h.guestOf : !!h.guestOf));

  const chooseProvider = (p: ProviderDescription | undefined) => {
    setProvider(p);
    setSettings({});
    setTouched([]);
    setSubmitted(false);
    setServerIssues([]);
    setEndpoints([]);
    setProduct(p?.product ?? '');
  };

  const submit = async () => {
    setError(undefined);
    setServerIssues([]);
    setSubmitted(true);
    if (!provider) {
      setError(`No provider for ${TECHNOLOGY_TEXT[technology].label} yet.`);
      return;
    }
    try {
      const p = await definePlatform({
        name: name.trim(),
        technology,
        product: product.trim(),
        ...(version.trim() ? { version: version.trim() } : {}),
        isBaseline,
        endpoints,
        provider: provider.name as never,
        settings,
      });
      onDefined(p.name);
    } catch (e) {
      setServerIssues(issuesOf(e));
      setError(messageOf(e));
    }
  };

  const tech = TECHNOLOGY_TEXT[technology];
  const settingsLeft = unclaimed(
    issues.filter((i) => isUnder(i.path, 'settings')),
    fields.map((f) => `settings.${f.key}`),
  );
  return (
    <div className="panel" role="group" aria-label="Define a platform">
      <h3>Define a platform</h3>
      <div className="grid-3">
        <TextField label="Platform name" value={name} onChange={setName} error={issueAt(issues, 'name')} placeholder="native, kvm, podman-bridge…" />
        <SelectField
          label="Technology"
          value={technology}
          error={issueAt(issues, 'technology')}
          hint={tech.hint}
          onChange={(t) => {
            setTechnology(t);
            setIsBaseline(t === 'native');
            chooseProvider(firstProvider(t));
          }}
          options={TechnologyId.options.map((t) => ({ value: t, label: TECHNOLOGY_TEXT[t].label }))}
        />
        <SelectField
          label="Provider"
          value={provider?.name ?? ''}
          error={issueAt(issues, 'provider')}
          onChange={(n) => chooseProvider(providersFor(technology).find((p) => p.name === n))}
          options={provider ? providersFor(technology).map((p) => ({ value: p.name, label: p.title })) : [{ value: '', label: 'none yet' }]}
          hint={provider?.help ?? `No provider makes ${tech.label} platforms yet.`}
        />
      </div>
      {tech.untested && (
        <p className="callout" data-testid="untested-note">
          {tech.untested}
        </p>
      )}
      {fields.length > 0 && (
        <fieldset className="schema-settings" aria-label={`${provider!.title}: settings`}>
          <legend>{provider!.title}: settings</legend>
          <SchemaForm
            fields={fields}
            value={settings}
            path="settings"
            issues={issues}
            onChange={(next, changed) => {
              setSettings(next);
              setTouched((t) => (t.includes(changed) ? t : [...t, changed]));
              setServerIssues([]);
            }}
          />
          {settingsLeft.map((i) => (
            <p key={`${i.path}:${i.message}`} className="field-error" role="alert">
              {i.path}: {i.message}
            </p>
          ))}
        </fieldset>
      )}
      <div className="grid-3">
        <TextField
          label="Product"
          value={product}
          onChange={setProduct}
          error={issueAt(issues, 'product')}
          placeholder="KVM, Docker, LXC…"
          hint="For the record (e.g. KVM, Docker); the class is what is compared."
        />
        <TextField label="Version (optional)" value={version} onChange={setVersion} error={issueAt(issues, 'version')} />
      </div>
      <CheckboxGroup
        legend={onHosts ? 'Endpoints (hosts, rank order)' : 'Endpoints (guests, rank order)'}
        value={endpoints}
        onChange={setEndpoints}
        options={candidates.map((h) => ({ value: h.name, label: h.guestOf ? `${h.name} (${h.technology} on ${h.guestOf})` : h.name }))}
        error={issueAt(issues, 'endpoints')}
        hint={
          candidates.length === 0
            ? `No ${onHosts ? 'hosts' : 'guests'} in the Lab yet.`
            : onHosts && technology !== 'native'
              ? 'VirtLab makes the guests on these hosts. netperf needs two endpoints; MPI runs on up to all of them.'
              : 'netperf needs two endpoints; MPI runs on up to all of them.'
        }
      />
      <CheckboxField label="Baseline (the platform others are shown relative to)" checked={isBaseline} onChange={setIsBaseline} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void submit()}>
          Define platform
        </button>
      </div>
    </div>
  );
}
