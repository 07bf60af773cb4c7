// A progress bar screen readers can read (role progressbar with its value and a text).
export function ProgressBar({ value, label, text }: { value: number; label: string; text?: string }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      aria-valuetext={text ?? `${Math.round(pct)}%`}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-text">{text ?? `${Math.round(pct)}%`}</span>
    </div>
  );
}
