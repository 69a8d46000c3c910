import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkParam, type ParamSpec, type ParamValue } from '../../engine';
import { optionLabel, type ParamText } from '../i18n/blockText';

interface Props {
  spec: ParamSpec;
  /** The param's words in the UI language (label, help, enum value names). */
  text: ParamText;
  value: ParamValue;
  onChange(value: ParamValue): void;
}

/** One field of the generic inspector form, typed by the param spec. */
export function ParamField({ spec, text, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="field" title={text.help}>
      <label htmlFor={id}>{text.label}</label>
      {spec.type === 'enum' ? (
        <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(text, o)}
            </option>
          ))}
        </select>
      ) : spec.type === 'bool' ? (
        <input id={id} type="checkbox" role="switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      ) : (
        <NumberInput id={id} spec={spec} value={typeof value === 'number' ? value : spec.default} onChange={onChange} />
      )}
      <p className="field-doc">{text.help}</p>
    </div>
  );
}

/**
 * Keeps the text being typed separately from the stored value: a value is stored only when it fits the
 * spec (so the graph never holds an out-of-range param), and the field shows why while it does not.
 */
function NumberInput({ id, spec, value, onChange }: { id: string; spec: Extract<ParamSpec, { type: 'int' | 'float' }>; value: number; onChange(v: number): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const parsed = text.trim() === '' ? NaN : Number(text);
  const reason = Number.isNaN(parsed) ? t('inspector.outOfRange', { min: spec.min, max: spec.max }) : checkParam(spec, parsed);
  const message = reason ? (spec.type === 'int' && Number.isFinite(parsed) && !Number.isInteger(parsed) ? t('inspector.wholeNumber') : t('inspector.outOfRange', { min: spec.min, max: spec.max })) : null;
  return (
    <>
      <input
        id={id}
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.type === 'int' ? 1 : (spec.step ?? 'any')}
        value={text}
        aria-invalid={!!message}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && !checkParam(spec, v)) onChange(v);
        }}
        onBlur={() => setText(String(value))}
      />
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </>
  );
}
