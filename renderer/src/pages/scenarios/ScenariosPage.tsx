// Scenarios: the saved ones (open, clone, export, start) and the wizard that makes a new one.
import { useEffect, useState } from 'react';
import { downloadText } from '../../components/download.ts';
import { messageOf } from '../../components/errors.ts';
import { formatTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, Loading } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import { useCampaigns } from '../../stores/campaigns-store.ts';
import { useHosts } from '../../stores/hosts-store.ts';
import { useNavigation } from '../../stores/navigation-store.ts';
import { useScenarios, type StoredScenario } from '../../stores/scenarios-store.ts';
import '../../theme/components.css';
import { cloneName, paperDraft, scenarioToDraft, type Draft } from './draft.ts';
import { ScenarioWizard } from './ScenarioWizard.tsx';

interface WizardState {
  key: number;
  title: string;
  draft: Draft;
}
let wizardKey = 0;

const fileName = (s: StoredScenario, ext: string) => `${s.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-v${s.version}.${ext}`;

export function ScenariosPage() {
  const { scenarios, platforms, loading, error, load, exportText } = useScenarios();
  const hosts = useHosts((s) => s.hosts);
  const loadHosts = useHosts((s) => s.load);
  const start = useCampaigns((s) => s.start);
  const go = useNavigation((s) => s.go);
  const [wizard, setWizard] = useState<WizardState>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  // A scenario whose start is being checked: its Start button waits, so a second click makes no second campaign.
  const [starting, setStarting] = useState<string>();

  useEffect(() => {
    void load();
    void loadHosts();
  }, [load, loadHosts]);

  const open = (title: string, draft: Draft) => setWizard({ key: ++wizardKey, title, draft });
  const act = async (what: string, fn: () => Promise<void>) => {
    setMessage(undefined);
    try {
      await fn();
    } catch (e) {
      setMessage({ kind: 'error', text: `${what}: ${messageOf(e)}` });
    }
  };
  const startCampaign = async (name: string, version: number) => {
    // The start checks every platform's hosts over SSH first (runtimes, images, addresses): seconds to minutes on
    // many hosts, so say what is going on instead of a page that seems to have ignored the click.
    setMessage({ kind: 'ok', text: `Starting ${name} v${version}: checking each platform's hosts before the first run…` });
    setStarting(`${name} v${version}`);
    try {
      await start(name, version);
    } finally {
      setStarting(undefined);
    }
    go('runs');
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Scenarios"
        intro="Which platforms to compare against the baseline, with which benchmarks, parameters and repetitions."
        actions={
          <button type="button" className="primary" onClick={() => open('New scenario', paperDraft())}>
            New scenario…
          </button>
        }
      />
      {message && (
        <p className={message.kind === 'error' ? 'callout callout-bad' : 'callout callout-ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {wizard && (
        <ScenarioWizard
          key={wizard.key}
          title={wizard.title}
          initial={wizard.draft}
          platforms={platforms ?? []}
          hosts={hosts ?? []}
          onClose={() => setWizard(undefined)}
          onSaved={async (name, version, startNow) => {
            setWizard(undefined);
            setMessage({ kind: 'ok', text: `Saved ${name} v${version}.` });
            if (startNow) await act('Start', () => startCampaign(name, version));
          }}
        />
      )}
      <h2>Saved scenarios</h2>
      {error && <ErrorState error={error} onRetry={() => void load()} />}
      {!error && !scenarios && loading && <Loading label="Loading scenarios…" />}
      {!error && scenarios && scenarios.length === 0 && (
        <Empty title="No scenario saved yet">The wizard starts from the parameters of Walters et al. (2008); change what your lab cannot run.</Empty>
      )}
      {scenarios && scenarios.length > 0 && (
        <Table
          caption="Saved scenarios"
          testId="scenarios-table"
          rows={scenarios}
          rowKey={(s) => `${s.name}@${s.version}`}
          columns={[
            { key: 'name', header: 'Name', cell: (s) => <b>{s.name}</b> },
            { key: 'version', header: 'Version', className: 'num', cell: (s) => s.version },
            {
              key: 'platforms',
              header: 'Platforms',
              cell: (s) => s.scenario.platforms.map((p) => (p === s.scenario.baseline ? `${p} (baseline)` : p)).join(', '),
            },
            { key: 'benchmarks', header: 'Benchmarks', cell: (s) => s.scenario.benchmarks.map((b) => b.benchmark).join(', ') },
            { key: 'reps', header: 'Repetitions', className: 'num', cell: (s) => s.scenario.repetitions },
            { key: 'saved', header: 'Saved', cell: (s) => formatTime(s.createdAt) },
            {
              key: 'actions',
              header: 'Actions',
              cell: (s) => (
                <span className="toolbar" style={{ margin: 0 }}>
                  <button
                    type="button"
                    aria-label={`Open ${s.name}`}
                    onClick={() => open(`Edit ${s.name} (saving makes v${s.version + 1} if changed)`, scenarioToDraft(s.scenario))}
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    aria-label={`Clone ${s.name}`}
                    onClick={() => {
                      const d = scenarioToDraft(s.scenario);
                      open(`Clone of ${s.name}`, {
                        ...d,
                        name: cloneName(
                          s.name,
                          scenarios.map((x) => x.name),
                        ),
                      });
                    }}
                  >
                    Clone
                  </button>
                  <button
                    type="button"
                    aria-label={`Export ${s.name} as YAML`}
                    onClick={() =>
                      void act('Export', async () => downloadText(fileName(s, 'yaml'), await exportText(s.name, s.version, 'yaml'), 'application/yaml'))
                    }
                  >
                    YAML
                  </button>
                  <button
                    type="button"
                    aria-label={`Export ${s.name} as JSON`}
                    onClick={() =>
                      void act('Export', async () => downloadText(fileName(s, 'json'), await exportText(s.name, s.version, 'json'), 'application/json'))
                    }
                  >
                    JSON
                  </button>
                  <button
                    type="button"
                    className="primary"
                    aria-label={`Start ${s.name}`}
                    disabled={starting === `${s.name} v${s.version}`}
                    onClick={() => void act('Start', () => startCampaign(s.name, s.version))}
                  >
                    Start
                  </button>
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
