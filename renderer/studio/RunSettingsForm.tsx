import { useEffect, useState } from 'react';
import type { TrainingConfig } from '../../engine/graph/schema';
import { trainingSchema } from '../../engine/graph/schema';
import { useDocumentStore } from '../store/documentStore';

type NumberField = 'steps' | 'batchSize' | 'learningRate' | 'warmupSteps' | 'seed' | 'validationSplit';

const NUMBER_FIELDS: { key: NumberField; label: string; step: number; doc: string }[] = [
  { key: 'steps', label: 'Steps', step: 1, doc: 'Optimizer updates to run.' },
  { key: 'batchSize', label: 'Batch', step: 1, doc: 'Examples per step; memory grows with it.' },
  { key: 'learningRate', label: 'Learning rate', step: 0.0001, doc: 'Size of each update; too large and the loss turns NaN.' },
  { key: 'warmupSteps', label: 'Warm-up steps', step: 1, doc: 'Steps over which the learning rate ramps up (warm-up + cosine schedule).' },
  { key: 'seed', label: 'Seed', step: 1, doc: 'Same seed, same weights, same batches: runs are repeatable.' },
  { key: 'validationSplit', label: 'Validation split', step: 0.05, doc: 'Share of the data held out to measure generalisation.' },
];

/** Run settings, stored in the document's `training` section (so they are saved with the graph). */
export function RunSettingsForm({ disabled }: { disabled: boolean }) {
  const training = useDocumentStore((s) => s.doc.training);
  const setTraining = useDocumentStore((s) => s.setTraining);

  const setNumber = (key: NumberField, raw: string) => {
    const value = Number(raw);
    // Only values the document schema accepts are stored; the field shows the browser's own range hint otherwise.
    const checked = trainingSchema.shape[key].safeParse(value);
    if (raw !== '' && checked.success) setTraining({ [key]: checked.data } as Partial<TrainingConfig>);
  };

  return (
    <section className="studio-section" aria-label="Run settings">
      <h3>Run settings</h3>
      <div className="studio-settings">
        {NUMBER_FIELDS.map((f) => (
          <label key={f.key} title={f.doc}>
            <span>{f.label}</span>
            <NumberInput label={f.label} step={f.step} value={training[f.key]} disabled={disabled} onCommit={(raw) => setNumber(f.key, raw)} />
          </label>
        ))}
        <label title="Adam adapts each weight's step size; SGD uses the learning rate as is.">
          <span>Optimizer</span>
          <select aria-label="Optimizer" value={training.optimizer} disabled={disabled} onChange={(e) => setTraining({ optimizer: e.target.value as TrainingConfig['optimizer'] })}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
          </select>
        </label>
        <label title="Constant, or a linear warm-up followed by a cosine decay to a tenth.">
          <span>Schedule</span>
          <select aria-label="Schedule" value={training.schedule} disabled={disabled} onChange={(e) => setTraining({ schedule: e.target.value as TrainingConfig['schedule'] })}>
            <option value="warmup-cosine">warm-up + cosine</option>
            <option value="constant">constant</option>
          </select>
        </label>
      </div>
    </section>
  );
}

/** Keeps what the learner is typing (“0.00” on the way to “0.003”) while storing only valid numbers. */
function NumberInput({ label, step, value, disabled, onCommit }: { label: string; step: number; value: number; disabled: boolean; onCommit(raw: string): void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value ? t : String(value)));
  }, [value]);
  return (
    <input
      type="number"
      aria-label={label}
      step={step}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}
