// Step 5: the core's verdict and plan: every problem with its step, or the number of runs and how long they take.
import type { Plan } from '../../../../main/contract/scenarios.ts';
import type { FieldIssue } from '../../components/errors.ts';
import { formatDuration } from '../../components/format.ts';
import { Loading } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import { setupKinds, summarizePlan } from './plan-summary.ts';
import { STEPS, stepOfIssue, type StepId } from './steps.ts';

export function StepReview({
  issues,
  plan,
  planning,
  planError,
  goTo,
}: {
  issues: readonly FieldIssue[];
  plan?: Plan;
  planning: boolean;
  planError?: string;
  goTo(step: StepId): void;
}) {
  if (issues.length > 0) {
    return (
      <div role="alert">
        <p className="callout callout-bad">The scenario has {issues.length} problem(s); fix them before saving.</p>
        <ul className="plain">
          {issues.map((i) => {
            const step = stepOfIssue(i.path);
            return (
              <li key={`${i.path}:${i.message}`}>
                <code>{i.path || '(scenario)'}</code>: {i.message}{' '}
                <button type="button" className="link" onClick={() => goTo(step)}>
                  Go to {STEPS.find((s) => s.id === step)!.title}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  if (planning && !plan) return <Loading label="Planning the runs…" />;
  if (planError)
    return (
      <p className="error" role="alert">
        {planError}
      </p>
    );
  if (!plan) return null;
  return (
    <div data-testid="review">
      <div className="kv">
        <span data-testid="plan-runs">
          <b>{plan.entries.length}</b> runs
        </span>
        <span data-testid="plan-duration">
          about <b>{formatDuration(plan.sequentialSec)}</b> one after the other
        </span>
        <span>
          about <b>{formatDuration(plan.parallelSec)}</b> with independent runs in parallel
        </span>
        <span>
          order {plan.order}
          {plan.seed !== null ? ` (seed ${plan.seed})` : ''}
        </span>
      </div>
      <PlanBasis plan={plan} />
      {plan.leftOut && (
        <ul className="callout" data-testid="plan-left-out">
          {plan.leftOut.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {plan.adaptive && (
        <p className="callout" data-testid="plan-adaptive">
          Adaptive: each of {plan.adaptive.points} point(s) repeats until its ratio's interval is within ±{plan.adaptive.targetPct}%, {plan.adaptive.min} to{' '}
          {plan.adaptive.max} times after {plan.adaptive.warmup} warm-up(s):{' '}
          <b>
            {plan.adaptive.runs.min}–{plan.adaptive.runs.max}
          </b>{' '}
          runs, about{' '}
          <b>
            {formatDuration(plan.adaptive.sequentialSec.min)}–{formatDuration(plan.adaptive.sequentialSec.max)}
          </b>{' '}
          one after the other ({formatDuration(plan.adaptive.parallelSec.min)}–{formatDuration(plan.adaptive.parallelSec.max)} in parallel). The table counts
          the runs planned up front.
        </p>
      )}
      <Table
        caption="Runs per platform and benchmark"
        rows={summarizePlan(plan)}
        rowKey={(r) => `${r.platform}/${r.benchmark}`}
        columns={[
          { key: 'platform', header: 'Platform', cell: (r) => r.platform },
          { key: 'benchmark', header: 'Benchmark', cell: (r) => r.benchmark },
          { key: 'runs', header: 'Runs', className: 'num', cell: (r) => r.runs },
          { key: 'time', header: 'Estimated time', className: 'num', cell: (r) => formatDuration(r.estimateSec) },
        ]}
      />
      <PlanSetup plan={plan} />
      <p className="muted field-hint">
        Estimates are rough (they say "about an hour", not "61 minutes"); the Runs page shows the estimate and, as the campaign goes, the time left at the pace
        measured so far.
      </p>
    </div>
  );
}

/** Each platform's preparation (its provider making containers or VMs) and one-off setup, before its first run. */
function PlanSetup({ plan }: { plan: Plan }) {
  if (plan.setup.length === 0) return null;
  return (
    <div data-testid="plan-setup">
      <h4>Before the runs: each platform's preparation and one-off setup</h4>
      <Table
        caption="Each platform's preparation and one-off setup"
        rows={plan.setup.map((s, i) => ({ ...s, i }))}
        rowKey={(r) => String(r.i)}
        columns={[
          { key: 'platform', header: 'Platform', cell: (r) => r.platform },
          { key: 'what', header: 'Step', cell: (r) => r.what },
          { key: 'time', header: 'Estimated time', className: 'num', cell: (r) => formatDuration(r.sec) },
        ]}
      />
    </div>
  );
}

/** What the totals include besides the runs: one-off setup per platform, and how many runs come from their history. */
function PlanBasis({ plan }: { plan: Plan }) {
  const setupSec = plan.setup.reduce((t, c) => t + c.sec, 0);
  const kinds = setupKinds(plan.setup);
  const fromHistory = plan.entries.filter((e) => e.estimateFrom === 'history').length;
  if (setupSec === 0 && fromHistory === 0) return null;
  return (
    <p className="muted" data-testid="plan-basis">
      {setupSec > 0 && (
        <>
          Includes about <b>{formatDuration(setupSec)}</b> of one-off setup ({kinds.join(', ')}).{' '}
        </>
      )}
      {fromHistory > 0 && (
        <>
          <b>{fromHistory}</b> of {plan.entries.length} runs are estimated from how long they took before on their platform.
        </>
      )}
    </p>
  );
}
