type FormActionsProps = {
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  onCancel?: () => void;
};

/**
 * A small form's submit and Cancel. The submit is aria-disabled, not disabled, while saving:
 * a disabled button drops keyboard focus (the form ignores a second submit itself).
 */
export function FormActions({ pending, submitLabel, pendingLabel, onCancel }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button--small button--primary" aria-disabled={pending || undefined}>
        {pending ? pendingLabel : submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
