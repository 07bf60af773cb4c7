// The scenario wizard: platforms -> benchmarks -> parameters -> execution -> review, validated by the core as you go.
import { useEffect, useRef, useState } from 'react';
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import type { Plan, PlatformInfo } from '../../../../main/contract/scenarios.ts';
import { issuesOf, messageOf, type FieldIssue } from '../../components/errors.ts';
import { useScenarios } from '../../stores/scenarios-store.ts';
import { draftToScenario, type Draft } from './draft.ts';
import { StepBenchmarks } from './StepBenchmarks.tsx';
import { StepExecution } from './StepExecution.tsx';
import { StepParameters } from './StepParameters.tsx';
import { StepPlatforms } from './StepPlatforms.tsx';
import { StepReview } from './StepReview.tsx';
import { STEPS, stepOfIssue, type StepId } from './steps.ts';

export function ScenarioWizard({
  initial,
  title,
  platforms,
  hosts,
  onClose,
  onSaved,
}: {
  initial: Draft;
  title: string;
  platforms: readonly PlatformInfo[];
  hosts: readonly HostRecord[];
  onClose(): void;
  onSaved(name: string, version: number, start: boolean): Promise<void>;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [step, setStep] = useState<StepId>('platforms');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [plan, setPlan] = useState<Plan>();
  const [planning, setPlanning] = useState(false);
  const [planError, setPlanError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const { validate, plan: planOf, save } = useScenarios.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Validate as the user types (debounced); the review step also asks for the plan.
  useEffect(() => {
    let live = true;
    const scenario = draftToScenario(draft);
    const t = setTimeout(() => {
      validate(scenario).then(
        (v) => {
          if (!live) return;
          setIssues(v.issues);
          if (v.ok && step === 'review') {
            setPlanning(true);
            planOf(scenario)
              .then(
                (p) => {
                  if (live) {
                    setPlan(p);
                    setPlanError(undefined);
                  }
                },
                (e: unknown) => {
                  if (live) setPlanError(messageOf(e));
                },
              )
              .finally(() => {
                if (live) setPlanning(false);
              });
          }
        },
        (e: unknown) => {
          if (live) setIssues([{ path: '', message: messageOf(e) }]);
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft, step, validate, planOf]);

  useEffect(() => {
    headingRef.current?.focus();
  }, [step]);

  // Problems show next to their field once the user has edited something or has been through that step,
  // so a new wizard does not open full of red.
  const [dirty, setDirty] = useState(false);
  const [left, setLeft] = useState<Set<StepId>>(() => new Set());
  const set = (p: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setPlan(undefined);
    setDirty(true);
  };
  const go = (s: StepId) => {
    setLeft((v) => new Set([...v, step]));
    setStep(s);
  };
  const shown = issues.filter((i) => {
    const s = stepOfIssue(i.path);
    return left.has(s) || (s === step && dirty);
  });
  const index = STEPS.findIndex((s) => s.id === step);
  const countIn = (s: StepId) => issues.filter((i) => stepOfIssue(i.path) === s).length;

  const doSave = async (start: boolean) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await save(draftToScenario(draft));
      await onSaved(saved.name, saved.version, start);
    } catch (e) {
      setIssues(issuesOf(e).length ? issuesOf(e) : issues);
      setSaveError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="wizard-title">
      <div className="page-header">
        <h2 id="wizard-title">{title}</h2>
        <button type="button" onClick={onClose}>
          Close wizard
        </button>
      </div>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id}>
            <button type="button" aria-current={s.id === step ? 'step' : undefined} onClick={() => go(s.id)}>
              {i + 1}. {s.title}
              {left.has(s.id) && countIn(s.id) > 0 && s.id !== 'review' ? ` (${countIn(s.id)} to fix)` : ''}
            </button>
          </li>
        ))}
      </ol>
      <h3 tabIndex={-1} ref={headingRef}>
        {STEPS[index]!.title}
      </h3>
      {step === 'platforms' && <StepPlatforms draft={draft} set={set} issues={shown} platforms={platforms} hosts={hosts} />}
      {step === 'benchmarks' && <StepBenchmarks draft={draft} set={set} issues={shown} />}
      {step === 'parameters' && <StepParameters draft={draft} set={set} issues={shown} />}
      {step === 'execution' && <StepExecution draft={draft} set={set} issues={shown} />}
      {step === 'review' && <StepReview issues={issues} plan={plan} planning={planning} planError={planError} goTo={go} />}
      {saveError && (
        <p className="error" role="alert">
          {saveError}
        </p>
      )}
      <div className="wizard-nav">
        <button type="button" disabled={index === 0} onClick={() => go(STEPS[index - 1]!.id)}>
          Back
        </button>
        {step !== 'review' ? (
          <button type="button" className="primary" onClick={() => go(STEPS[index + 1]!.id)}>
            Next: {STEPS[index + 1]!.title}
          </button>
        ) : (
          <span className="toolbar">
            <button type="button" disabled={saving || issues.length > 0 || !plan} onClick={() => void doSave(false)}>
              Save
            </button>
            <button type="button" className="primary" disabled={saving || issues.length > 0 || !plan} onClick={() => void doSave(true)}>
              Save and start
            </button>
          </span>
        )}
      </div>
    </section>
  );
}
