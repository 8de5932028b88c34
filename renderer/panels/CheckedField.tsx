// A labelled text field of a settings form (a data-centre target, a cluster) that says what is wrong with its value.

export function CheckedField({ field, label, value, problem, type = 'text', onChange, onLeave }: {
  field: string;
  label: string;
  value: string;
  /** What is wrong, once the form shows it (the user left the field, or tried to save). */
  problem: string | false | undefined;
  type?: string;
  onChange(value: string): void;
  onLeave(): void;
}) {
  return (
    <label className="form-field" data-field={field}>
      <span>{label}</span>
      <input
        type={type}
        aria-label={label}
        value={value}
        aria-invalid={problem ? true : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={onLeave}
      />
      {problem && (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
