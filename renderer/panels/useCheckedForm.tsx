// The state every settings form (a data-centre target, a cluster) keeps: the typed values, which fields the user
// has left, whether a save or test was tried, each field's problem once it is to be shown, and the answer of its
// Test connection button, drawn by ConnectionTestResult.
import { useState } from 'react';

type Values<F extends string> = Partial<Record<F, string>>;

export function useCheckedForm<F extends string>(initial: Values<F>, problemsOf: (values: Values<F>) => Partial<Record<F, string>>) {
  const [values, setValues] = useState<Values<F>>(initial);
  const [touched, setTouched] = useState(new Set<F>());
  const [attempted, setAttempted] = useState(false);
  const problems = problemsOf(values);
  const valid = Object.keys(problems).length === 0;
  return {
    values,
    setValues,
    touched,
    /** The field's problem once the user has left it or tried to save. */
    problemShown: (field: F) => (attempted || touched.has(field)) && problems[field],
    leave: (field: F) => setTouched(new Set(touched).add(field)),
    /** A save or test was tried: every problem shows; true when there is none. */
    attempt: () => {
      setAttempted(true);
      return valid;
    },
  };
}

export interface ConnectionTest {
  ok: boolean;
  text: string;
  running?: boolean;
}

/** Test connection: `pending` while `ask` runs, then its answer or the error's message. */
export function useConnectionTest(pending: string) {
  const [tested, setTested] = useState<ConnectionTest>();
  const test = async (ask: () => Promise<string>) => {
    setTested({ ok: true, text: pending, running: true });
    try {
      setTested({ ok: true, text: await ask() });
    } catch (error) {
      setTested({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return { tested, test };
}

export function ConnectionTestResult({ tested, testId }: { tested: ConnectionTest | undefined; testId: string }) {
  if (!tested) return null;
  return (
    <p className={tested.ok ? 'hint' : 'field-problem'} data-testid={testId} role="status">
      {tested.text}
    </p>
  );
}
