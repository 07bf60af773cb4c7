// Settings: known host keys (fingerprints, forget), secrets by name (forget), the data folder, the theme.
import { useEffect, useState } from 'react';
import { Badge } from '../../components/Badge.tsx';
import { messageOf } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, Loading } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import { useAppInfo } from '../../stores/app-info-store.ts';
import { useSettings } from '../../stores/settings-store.ts';
import '../../theme/components.css';
import { hostAndPort } from './known-host-name.ts';

function ThemeSection() {
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  return (
    <section className="panel" aria-labelledby="theme-title">
      <h2 id="theme-title">Theme</h2>
      <div className="checkbox-row" role="radiogroup" aria-labelledby="theme-title">
        {(['light', 'dark'] as const).map((t) => (
          <label key={t} className="check">
            <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} /> {t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </div>
      <p className="muted field-hint">Kept in this browser profile (localStorage).</p>
    </section>
  );
}

function DataFolderSection() {
  const { info, error, loading, load } = useAppInfo();
  useEffect(() => {
    if (!info && !loading) void load();
  }, [info, loading, load]);
  return (
    <section className="panel" aria-labelledby="data-title">
      <h2 id="data-title">Data folder</h2>
      {error && <ErrorState error={error} onRetry={() => void load()} />}
      {!info && !error && <Loading />}
      {info && (
        <dl className="facts">
          <dt>Folder</dt>
          <dd className="mono" data-testid="data-dir">
            {info.dataDir}
          </dd>
          <dt>Database</dt>
          <dd className="mono">
            {info.databasePath} (schema v{info.schemaVersion})
          </dd>
          <dt>Known hosts</dt>
          <dd className="mono">{useSettings.getState().knownHosts.data?.path ?? `${info.dataDir}/known_hosts`}</dd>
        </dl>
      )}
      <p className="muted field-hint">
        Chosen at start: --data-dir, then VIRTLAB_DATA_DIR, then the system's user-data folder. Copy the folder to move everything.
      </p>
    </section>
  );
}

function KnownHostsSection() {
  const { data, loading, error } = useSettings((s) => s.knownHosts);
  const { loadKnownHosts, removeKnownHost } = useSettings.getState();
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    void loadKnownHosts();
  }, [loadKnownHosts]);
  const forget = (field: string) => {
    const hp = hostAndPort(field);
    if (!hp || !window.confirm(`Forget every key of ${field}? The next connection asks again.`)) return;
    removeKnownHost(hp.host, hp.port).then(
      (n) => setMessage(`Forgot ${n} key(s) of ${field}.`),
      (e: unknown) => setMessage(messageOf(e)),
    );
  };
  return (
    <section className="panel" aria-labelledby="kh-title">
      <h2 id="kh-title">Known hosts</h2>
      <p className="muted">
        Host keys VirtLab trusts
        {data ? (
          <>
            {' '}
            (<span className="mono">{data.path}</span>, OpenSSH format)
          </>
        ) : null}
        . A host whose key changes is refused until its entry is removed here.
      </p>
      {message && (
        <p role="status" className="callout">
          {message}
        </p>
      )}
      {error && <ErrorState error={error} onRetry={() => void loadKnownHosts()} />}
      {!data && loading && <Loading label="Reading known_hosts…" />}
      {data && data.entries.length === 0 && (
        <Empty title="No host key recorded yet">Keys are recorded when you accept them while adding or checking a host.</Empty>
      )}
      {data && data.entries.length > 0 && (
        <Table
          caption="Known host keys"
          testId="known-hosts"
          rows={data.entries}
          rowKey={(e) => String(e.lineNo)}
          columns={[
            { key: 'host', header: 'Host', cell: (e) => <span className="mono">{e.hashed ? 'hashed entry' : e.hosts}</span> },
            {
              key: 'type',
              header: 'Key type',
              cell: (e) => (
                <>
                  {e.keyType} {e.marker && <Badge tone={e.marker === 'revoked' ? 'bad' : 'info'}>{e.marker}</Badge>}
                </>
              ),
            },
            { key: 'fp', header: 'Fingerprint', cell: (e) => <span className="mono">{e.fingerprint}</span> },
            {
              key: 'actions',
              header: 'Actions',
              cell: (e) => (
                <button
                  type="button"
                  aria-label={`Remove ${e.hosts}`}
                  disabled={!hostAndPort(e.hosts)}
                  title={hostAndPort(e.hosts) ? undefined : 'Hashed or pattern entries: edit the file'}
                  onClick={() => forget(e.hosts)}
                >
                  Remove
                </button>
              ),
            },
          ]}
        />
      )}
      {data && data.invalidLines > 0 && <p className="muted">{data.invalidLines} line(s) of the file could not be read and are kept as they are.</p>}
    </section>
  );
}

function SecretsSection() {
  const { data, loading, error } = useSettings((s) => s.secrets);
  const { loadSecrets, forgetSecret } = useSettings.getState();
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    void loadSecrets();
  }, [loadSecrets]);
  return (
    <section className="panel" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets</h2>
      <p className="muted">Which secrets exist, by name only (values are never shown or sent to this page){data ? `; stored in: ${data.store}` : ''}.</p>
      {message && (
        <p role="status" className="callout">
          {message}
        </p>
      )}
      {error && <ErrorState error={error} onRetry={() => void loadSecrets()} />}
      {!data && loading && <Loading label="Listing secrets…" />}
      {data && data.names.length === 0 && <Empty title="No secret stored">Passwords typed while adding a host are kept here.</Empty>}
      {data && data.names.length > 0 && (
        <Table
          caption="Stored secrets"
          testId="secrets"
          rows={data.names}
          rowKey={(n) => n}
          columns={[
            { key: 'name', header: 'Name', cell: (n) => <span className="mono">{n}</span> },
            {
              key: 'actions',
              header: 'Actions',
              cell: (n) => (
                <button
                  type="button"
                  aria-label={`Forget ${n}`}
                  onClick={() => {
                    if (!window.confirm(`Forget ${n}?`)) return;
                    forgetSecret(n).then(
                      () => setMessage(`Forgot ${n}.`),
                      (e: unknown) => setMessage(messageOf(e)),
                    );
                  }}
                >
                  Forget
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

export function SettingsPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Settings" intro="Known hosts, stored secrets, data folder and theme." />
      <ThemeSection />
      <KnownHostsSection />
      <SecretsSection />
      <DataFolderSection />
    </section>
  );
}
