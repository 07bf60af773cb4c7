// Host key notices from the core (a key recorded on first contact, a refused one), dismissible, announced politely.
import { useHosts } from '../stores/hosts-store.ts';

export function HostKeyNotices() {
  const notices = useHosts((s) => s.notices);
  const dismiss = useHosts((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`callout${n.kind === 'refused' ? ' callout-bad' : ''}`}>
          {n.message}{' '}
          <button type="button" className="link" onClick={() => dismiss(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
