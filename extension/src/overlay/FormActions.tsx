/** The buttons under an overlay form: its submit button and Cancel, or only Close once it is done. */
import type { ReactNode } from 'react';

export function FormActions({
  done,
  onCancel,
  children,
}: {
  done: boolean;
  onCancel: () => void;
  /** The submit button, shown before Cancel until the form is done. */
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      {done ? (
        <button type="button" onClick={onCancel}>
          Close
        </button>
      ) : (
        <>
          {children}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
    </div>
  );
}
