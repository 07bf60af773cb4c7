import { HostKeyPromptDialog } from '../components/HostKeyPromptDialog.tsx';
import { LabPage } from '../pages/lab/LabPage.tsx';
import { RunsPage } from '../pages/runs/RunsPage.tsx';
import { ScenariosPage } from '../pages/scenarios/ScenariosPage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { ComparePage } from '../pages/compare/ComparePage.tsx';
import { ReportsPage } from '../pages/reports/ReportsPage.tsx';
import { ReportPrintView, reportPrintRequest } from '../pages/reports/ReportPrintView.tsx';
import { useNavigation, type PageId } from '../stores/navigation-store.ts';
import { NavBar } from './NavBar.tsx';
import { StatusLine } from './StatusLine.tsx';

const PAGES: Record<PageId, () => React.JSX.Element> = {
  lab: () => <LabPage />,
  scenarios: () => <ScenariosPage />,
  runs: () => <RunsPage />,
  compare: () => <ComparePage />,
  reports: () => <ReportsPage />,
  settings: () => <SettingsPage />,
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
      <HostKeyPromptDialog />
    </div>
  );
}
