// Import hosts from an OpenSSH client config: preview what would be added (and what is skipped, why), then save.
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import { messageOf } from '../../components/errors.ts';
import { Field, TextField } from '../../components/Field.tsx';
import { Loading } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import { useHosts, type ImportPreview } from '../../stores/hosts-store.ts';

export function ImportSshConfigDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [path, setPath] = useState('');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportPreview>();
  const [savedCount, setSavedCount] = useState<number>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const importSshConfig = useHosts((s) => s.importSshConfig);

  const source = () => (text.trim() ? { text } : path.trim() ? { path: path.trim() } : {});
  const run = async (save: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await importSshConfig(source(), save);
      if (save) setSavedCount(r.hosts.length);
      setPreview(r);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setPreview(undefined);
    setSavedCount(undefined);
    setError(undefined);
    onClose();
  };

  return (
    <Dialog
      open={open}
      wide
      title="Import from an SSH config"
      onClose={close}
      actions={
        <>
          <button type="button" onClick={close}>
            {savedCount !== undefined ? 'Close' : 'Cancel'}
          </button>
          <button type="button" disabled={busy} onClick={() => void run(false)}>
            Preview
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || !preview || preview.hosts.length === 0 || savedCount !== undefined}
            onClick={() => void run(true)}
          >
            Save {preview ? preview.hosts.length : ''} host(s)
          </button>
        </>
      }
    >
      <TextField
        label="Config file"
        value={path}
        onChange={setPath}
        placeholder="~/.ssh/config (default)"
        hint="Include and ProxyJump are followed; Match exec is never run. Leave empty for ~/.ssh/config."
      />
      <Field label="…or paste its text" hint="Pasted text wins over the file.">
        {(p) => (
          <textarea {...p} rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder={'Host node01\n  HostName 10.0.0.11\n  User bench'} />
        )}
      </Field>
      {busy && <Loading label="Reading the config…" />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {savedCount !== undefined && (
        <p className="callout callout-ok" role="status">
          Saved {savedCount} host(s). Check them from the Lab table.
        </p>
      )}
      {preview && (
        <>
          <h3>
            {savedCount !== undefined ? 'Saved' : 'Would add'} ({preview.hosts.length})
          </h3>
          {preview.hosts.length === 0 ? (
            <p className="muted">No concrete Host entries with an address.</p>
          ) : (
            <Table
              caption="Hosts from the SSH config"
              rowKey={(h) => h.name}
              rows={preview.hosts}
              testId="import-preview"
              columns={[
                { key: 'name', header: 'Name', cell: (h) => h.name },
                { key: 'address', header: 'Address', cell: (h) => `${h.address}:${h.port}` },
                { key: 'user', header: 'User', cell: (h) => h.user },
                { key: 'auth', header: 'Auth', cell: (h) => (h.auth.kind === 'key' ? `key ${h.auth.keyPath}` : h.auth.kind) },
                { key: 'jump', header: 'Jump', cell: (h) => h.jump.join(' → ') || '—' },
              ]}
            />
          )}
          {preview.skipped.length > 0 && (
            <>
              <h3>Skipped ({preview.skipped.length})</h3>
              <ul>
                {preview.skipped.map((s) => (
                  <li key={s.name}>
                    <b>{s.name}</b>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.warnings.length > 0 && (
            <ul className="issues">
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </Dialog>
  );
}
