// Campaign, mode, baseline and platform pickers: native controls with labels, so the keyboard reaches all of them.
import { useResults } from '../../stores/results-store.ts';

export function Controls() {
  const campaigns = useResults((s) => s.campaigns);
  const campaignId = useResults((s) => s.campaignId);
  const mode = useResults((s) => s.mode);
  const baseline = useResults((s) => s.baseline);
  const figures = useResults((s) => s.figures);
  const hidden = useResults((s) => s.hidden);
  const { selectCampaign, setMode, setBaseline, togglePlatform } = useResults.getState();
  const platforms = figures?.platforms ?? [];
  return (
    <div className="compare-controls">
      <label>
        Campaign{' '}
        <select value={campaignId ?? ''} onChange={(e) => void selectCampaign(Number(e.target.value))}>
          {campaigns.length === 0 && campaignId !== undefined && <option value={campaignId}>#{campaignId}</option>}
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              #{c.id} {c.name} ({c.runs.done}/{c.runs.total} runs)
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Values</legend>
        {(['relative', 'absolute'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="compare-mode" value={m} checked={mode === m} onChange={() => void setMode(m)} />{' '}
            {m === 'relative' ? 'Relative to baseline' : 'Absolute'}
          </label>
        ))}
      </fieldset>
      <label>
        Baseline{' '}
        <select value={baseline ?? ''} onChange={(e) => void setBaseline(e.target.value)} disabled={platforms.length === 0}>
          {platforms.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Platforms</legend>
        {platforms.map((p) => (
          <label key={p.name}>
            <input type="checkbox" checked={!hidden.has(p.name)} onChange={() => togglePlatform(p.name)} aria-label={`Show ${p.name}`} /> {p.name}
            <span className="muted">
              {' '}
              ({p.product}
              {p.version ? ` ${p.version}` : ''})
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
