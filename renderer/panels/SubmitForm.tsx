// A settings form: Enter or its submit button runs `onSubmit` in the page (no reload), and the fields are checked by
// the form's own rules (useCheckedForm), not the browser's.
import type { ReactNode } from 'react';

export function SubmitForm({ className, testId, onSubmit, children }: { className: string; testId: string; onSubmit(): Promise<void>; children: ReactNode }) {
  return (
    <form
      className={className}
      data-testid={testId}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}
