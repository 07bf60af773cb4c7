import { PlaceholderPage } from '../pages/PlaceholderPage.tsx';
import { ComparePage } from '../pages/compare/ComparePage.tsx';
import { ReportsPage } from '../pages/reports/ReportsPage.tsx';
import { ReportPrintView, reportPrintRequest } from '../pages/reports/ReportPrintView.tsx';
import { useNavigation, type PageId } from '../stores/navigation-store.ts';
import { NavBar } from './NavBar.tsx';
import { StatusLine } from './StatusLine.tsx';

const PAGES: Record<PageId, () => React.JSX.Element> = {
  lab: () => <PlaceholderPage title="Lab" coming="Hosts and guests of your cluster, their platforms, reachability and detected facts." />,
  scenarios: () => <PlaceholderPage title="Scenarios" coming="Describe which platforms to compare against native, with which benchmarks and parameters." />,
  runs: () => <PlaceholderPage title="Runs" coming="Campaigns in progress and done: progress, live logs, pause, resume and cancel." />,
  compare: () => <ComparePage />,
  reports: () => <ReportsPage />,
  settings: () => <PlaceholderPage title="Settings" coming="Known hosts, stored secrets, data folder and theme." />,
};

// ?view=report&campaign=N is the printable report page (PDF export), without the app's chrome.
const PRINT = reportPrintRequest();

export function App() {
  return PRINT ? <ReportPrintView request={PRINT} /> : <Shell />;
}

function Shell() {
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
