import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trainingSchema, type TrainingConfig } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { checkpointMinutesOf } from './checkpointInterval';

type NumberField = 'steps' | 'batchSize' | 'learningRate' | 'warmupSteps' | 'seed' | 'validationSplit' | 'checkpointMinutes';

/** Each field's label is `studio.settings.<key>` and its tooltip `studio.settings.<key>Doc`. */
const NUMBER_FIELDS: { key: Exclude<NumberField, 'checkpointMinutes'>; step: number }[] = [
  { key: 'steps', step: 1 },
  { key: 'batchSize', step: 1 },
  { key: 'learningRate', step: 0.0001 },
  { key: 'warmupSteps', step: 1 },
  { key: 'seed', step: 1 },
  { key: 'validationSplit', step: 0.05 },
];

/** Run settings, stored in the document's `training` section (so they are saved with the graph). */
export function RunSettingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const training = useDocumentStore((s) => s.doc.training);
  const setTraining = useDocumentStore((s) => s.setTraining);

  const valueOf = (key: NumberField): number => (key === 'checkpointMinutes' ? checkpointMinutesOf(training) : training[key]);
  const numberField = (key: NumberField, step: number) => (
    <label key={key} title={t(`studio.settings.${key}Doc`)}>
      <span>{t(`studio.settings.${key}`)}</span>
      <NumberInput label={t(`studio.settings.${key}`)} step={step} value={valueOf(key)} disabled={disabled} onCommit={(raw) => setNumber(key, raw)} />
    </label>
  );

  const setNumber = (key: NumberField, raw: string) => {
    const value = Number(raw);
    // Only values the document schema accepts are stored; the field shows the browser's own range hint otherwise.
    const checked = trainingSchema.shape[key].safeParse(value);
    if (raw !== '' && checked.success) setTraining({ [key]: checked.data } as Partial<TrainingConfig>);
  };

  return (
    <section className="studio-section" aria-label={t('studio.settings.heading')}>
      <h3>{t('studio.settings.heading')}</h3>
      <div className="studio-settings">
        {NUMBER_FIELDS.map((f) => numberField(f.key, f.step))}
        <label title={t('studio.settings.optimizerDoc')}>
          <span>{t('studio.settings.optimizer')}</span>
          <select aria-label={t('studio.settings.optimizer')} value={training.optimizer} disabled={disabled} onChange={(e) => setTraining({ optimizer: e.target.value as TrainingConfig['optimizer'] })}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
          </select>
        </label>
        <label title={t('studio.settings.scheduleDoc')}>
          <span>{t('studio.settings.schedule')}</span>
          <select aria-label={t('studio.settings.schedule')} value={training.schedule} disabled={disabled} onChange={(e) => setTraining({ schedule: e.target.value as TrainingConfig['schedule'] })}>
            <option value="warmup-cosine">{t('studio.settings.warmupCosine')}</option>
            <option value="constant">{t('studio.settings.constant')}</option>
          </select>
        </label>
        {/* What a crash or a reload may cost, in the unit a learner feels: minutes of waiting, not steps. */}
        {numberField('checkpointMinutes', 0.5)}
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
