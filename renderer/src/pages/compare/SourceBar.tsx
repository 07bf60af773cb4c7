// Offline review: open another database or an exported bundle (read-only), or go back to the live database.
import { useState } from 'react';
import { useResults } from '../../stores/results-store.ts';

export function SourceBar() {
  const source = useResults((s) => s.source);
  const error = useResults((s) => s.sourceError);
  const openSource = useResults((s) => s.openSource);
  const closeSource = useResults((s) => s.closeSource);
  const [path, setPath] = useState('');
  return (
    <div className="source-bar" role="group" aria-label="Results source">
      <span data-testid="results-source">
        {source ? (source.kind === 'live' ? 'Live database' : `Reviewing ${source.kind} (read-only): ${source.path}`) : 'Source…'}
      </span>
      <label>
        File{' '}
        <input
          type="text"
          value={path}
          placeholder="/path/to/results.db or bundle"
          onChange={(e) => setPath(e.target.value)}
          aria-label="Path of a database or bundle to review"
        />
      </label>
      <button type="button" disabled={!path} onClick={() => void openSource('database', path)}>
        Open database
      </button>
      <button type="button" disabled={!path} onClick={() => void openSource('bundle', path)}>
        Open bundle
      </button>
      {source && source.kind !== 'live' && (
        <button type="button" onClick={() => void closeSource()}>
          Back to live
        </button>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
