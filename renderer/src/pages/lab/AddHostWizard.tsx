// Add a host or guest in two steps: its connection, then a real connection test (host key question included),
// with the facts of the endpoint once it answers.
import { useState } from 'react';
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import { api } from '../../api/core-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { issuesOf, messageOf, type FieldIssue } from '../../components/errors.ts';
import { Loading } from '../../components/StateViews.tsx';
import { useHosts } from '../../stores/hosts-store.ts';
import { FactsView } from './FactsView.tsx';
import { HostFields } from './HostFields.tsx';
import { emptyHostForm, formToRecord, passwordSecretName, type HostFormState } from './host-form.ts';

export function AddHostWizard({ open, onClose, hosts }: { open: boolean; onClose(): void; hosts: readonly HostRecord[] }) {
  const [form, setForm] = useState<HostFormState>(emptyHostForm);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string>();
  const [step, setStep] = useState<'connection' | 'test'>('connection');
  /** Name under which this wizard saved the host, so a retry updates it and a cancel removes it. */
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { add, update, remove, checkOne } = useHosts.getState();
  const check = useHosts((s) => (saved ? s.checks[saved] : undefined));
  const facts = useHosts((s) => (saved ? s.facts[saved] : undefined));

  const reset = () => {
    setForm(emptyHostForm());
    setIssues([]);
    setError(undefined);
    setStep('connection');
    setSaved(undefined);
  };
  const close = async (keep: boolean) => {
    if (!keep && saved) await remove(saved).catch(() => undefined);
    reset();
    onClose();
  };

  const test = async () => {
    const { record, issues: local } = formToRecord(form);
    const needsPassword = (form.authKind === 'password' || form.authKind === 'keyboard-interactive') && form.password === '' && !saved;
    const all = needsPassword ? [...local, { path: 'password', message: 'The password is required' }] : local;
    setIssues(all);
    setError(undefined);
    if (all.length) return;
    setBusy(true);
    try {
      if (form.password !== '' && record.auth.kind !== 'key' && record.auth.kind !== 'agent') {
        await api()['settings.secrets.set']({ name: passwordSecretName(record.name), value: form.password });
      }
      if (saved) await update(saved, record);
      else await add(record);
      setSaved(record.name);
      setStep('test');
      await checkOne(record.name);
    } catch (e) {
      setIssues(issuesOf(e));
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const result = check?.result;
  return (
    <Dialog
      open={open}
      wide
      title={step === 'connection' ? 'Add a host — connection' : `Add a host — testing ${saved}`}
      onClose={() => void close(false)}
      actions={
        step === 'connection' ? (
          <>
            <button type="button" onClick={() => void close(false)}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void test()}>
              {busy ? 'Saving…' : 'Test connection'}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => void close(false)} disabled={check?.state === 'checking'}>
              Cancel and remove
            </button>
            <button type="button" onClick={() => setStep('connection')} disabled={check?.state === 'checking'}>
              Back to edit
            </button>
            <button type="button" className="primary" disabled={!result?.ok} onClick={() => void close(true)}>
              Done
            </button>
          </>
        )
      }
    >
      {step === 'connection' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void test();
          }}
          aria-label="Host connection"
        >
          <HostFields form={form} set={(p) => setForm((f) => ({ ...f, ...p }))} issues={issues} hosts={hosts} />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" hidden>
            Test connection
          </button>
        </form>
      )}
      {step === 'test' && (
        <div aria-live="polite">
          {(!check || check.state === 'checking') && (
            <Loading label={`Connecting to ${form.address}:${form.port || 22} as ${form.user}… (answer the host key question if one appears)`} />
          )}
          {check?.state === 'done' && check.error && (
            <p className="callout callout-bad" role="alert">
              {check.error}
            </p>
          )}
          {result && (
            <>
              {result.ok ? (
                <p className="callout callout-ok" data-testid="check-ok">
                  <Badge tone="ok">reachable</Badge> Connected, authenticated and ran a command in {result.latencyMs ?? '?'} ms.
                </p>
              ) : (
                <p className="callout callout-bad" role="alert" data-testid="check-failed">
                  <Badge tone="bad">unreachable</Badge> {result.error}
                </p>
              )}
              {result.hostKey && (
                <p>
                  Host key: <Badge tone={['known', 'confirmed', 'first-contact'].includes(result.hostKey.status) ? 'ok' : 'bad'}>{result.hostKey.status}</Badge>{' '}
                  {result.hostKey.keyType} <code>{result.hostKey.fingerprint}</code>
                </p>
              )}
              {result.ok && (
                <>
                  <h3>Facts</h3>
                  {(!facts || facts.state === 'probing') && <Loading label="Probing the endpoint (OS, CPU, memory, virtualization)…" />}
                  {facts?.error && (
                    <p className="error" role="alert">
                      {facts.error}
                    </p>
                  )}
                  {facts?.snapshot && <FactsView snapshot={facts.snapshot} verdict={facts.verdict} />}
                </>
              )}
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
