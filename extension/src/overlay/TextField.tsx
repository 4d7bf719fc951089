import { useId } from 'react';
import { MAX_TEXT_LENGTH } from '@/flags/flag-rules';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | null;
  maxLength?: number;
  required?: boolean;
  type?: 'text' | 'url';
}

/** A labelled input with the reader's confidence hint under it. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  maxLength = MAX_TEXT_LENGTH,
  required,
  type = 'text',
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        maxLength={maxLength}
        required={required}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <small id={hintId} className="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
