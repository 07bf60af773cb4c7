// Which page is shown. Kept in the URL hash so reloads and the back button work.
import { create } from 'zustand';

export const PAGES = ['lab', 'scenarios', 'runs', 'compare', 'reports', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

const fromHash = (): PageId => {
  const id = window.location.hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(id) ? (id as PageId) : 'lab';
};

interface NavigationState {
  page: PageId;
  go(page: PageId): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  page: fromHash(),
  go(page) {
    if (window.location.hash !== `#/${page}`) window.location.hash = `/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState({ page: fromHash() }));
