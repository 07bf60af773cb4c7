import { useEffect } from 'react';
import { useAppInfo } from '../stores/app-info-store.ts';

export function StatusLine() {
  const { info, error, loading, load } = useAppInfo();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <footer className="status" role="status" aria-live="polite">
      {loading && !info && <span>Connecting to the core…</span>}
      {error && (
        <span className="error">
          Core unreachable: {error}{' '}
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </span>
      )}
      {info && (
        <>
          <span data-testid="core-version">VirtLab core {info.version}</span>
          <span>via {info.host === 'electron' ? 'Electron' : 'loopback bridge'}</span>
          <span data-testid="database-path" title={info.dataDir}>
            Database: {info.databasePath}
          </span>
          <span>schema v{info.schemaVersion}</span>
        </>
      )}
    </footer>
  );
}
