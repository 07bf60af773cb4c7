// Loading, empty and error states: every page shows one of these instead of a blank area.
import type { ReactNode } from 'react';

export function Spinner({ label }: { label: string }) {
  return <span className="spinner" role="img" aria-label={label} />;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <Spinner label="" /> <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p className="error">{error}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows loading, then error, then empty, then the content: the order every list page needs. */
export function Async<T>({
  loading,
  error,
  data,
  isEmpty,
  empty,
  onRetry,
  children,
  loadingLabel,
}: {
  loading: boolean;
  error?: string;
  data: T | undefined;
  isEmpty?: (d: T) => boolean;
  empty: ReactNode;
  onRetry?: () => void;
  children: (d: T) => ReactNode;
  loadingLabel?: string;
}) {
  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (data === undefined) return loading ? <Loading label={loadingLabel} /> : null;
  if (isEmpty?.(data)) return <>{empty}</>;
  return <>{children(data)}</>;
}
