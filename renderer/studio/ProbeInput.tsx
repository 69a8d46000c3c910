import { useStudioStore } from './studioStore';

/** The text the heat-maps and samples are computed on; editable, applied on Enter or with the button. */
export function ProbeInput() {
  const probe = useStudioStore((s) => s.probeText);
  const setProbe = useStudioStore((s) => s.setProbe);
  const apply = useStudioStore((s) => s.applyProbe);
  const hasRun = useStudioStore((s) => s.run.runId !== null);
  return (
    <form
      className="studio-probe"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        Probe input{' '}
        <input
          type="text"
          value={probe}
          placeholder="(an example from the dataset)"
          onChange={(e) => setProbe(e.target.value)}
          aria-label="Probe input"
          maxLength={400}
        />
      </label>
      <button type="submit" disabled={!hasRun} title="Recompute the maps and samples on this text">
        Apply
      </button>
    </form>
  );
}
