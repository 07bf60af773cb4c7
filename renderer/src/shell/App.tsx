import { PlaceholderPage } from '../pages/PlaceholderPage.tsx';
import { useNavigation, type PageId } from '../stores/navigation-store.ts';
import { NavBar } from './NavBar.tsx';
import { StatusLine } from './StatusLine.tsx';

const PAGES: Record<PageId, () => React.JSX.Element> = {
  lab: () => <PlaceholderPage title="Lab" coming="Hosts and guests of your cluster, their platforms, reachability and detected facts." />,
  scenarios: () => <PlaceholderPage title="Scenarios" coming="Describe which platforms to compare against native, with which benchmarks and parameters." />,
  runs: () => <PlaceholderPage title="Runs" coming="Campaigns in progress and done: progress, live logs, pause, resume and cancel." />,
  compare: () => <PlaceholderPage title="Compare" coming="Every result relative to native: latency, bandwidth, IOzone, NPB and MPI scaling." />,
  reports: () => <PlaceholderPage title="Reports" coming="PDF reports of a campaign: lab, method, figures with their numbers, failures." />,
  settings: () => <PlaceholderPage title="Settings" coming="Known hosts, stored secrets, data folder and theme." />,
};

export function App() {
  const page = useNavigation((s) => s.page);
  const Page = PAGES[page];
  return (
    <div className="app">
      <NavBar />
      <main className="content">
        <Page />
      </main>
      <StatusLine />
    </div>
  );
}
