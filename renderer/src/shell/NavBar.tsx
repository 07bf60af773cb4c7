import { PAGES, useNavigation, type PageId } from '../stores/navigation-store.ts';

const LABELS: Record<PageId, string> = {
  lab: 'Lab',
  scenarios: 'Scenarios',
  runs: 'Runs',
  compare: 'Compare',
  reports: 'Reports',
  settings: 'Settings',
};

export function NavBar() {
  const page = useNavigation((s) => s.page);
  const go = useNavigation((s) => s.go);
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">VirtLab</div>
      <ul>
        {PAGES.map((id) => (
          <li key={id}>
            <button type="button" aria-current={page === id ? 'page' : undefined} onClick={() => go(id)}>
              {LABELS[id]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
