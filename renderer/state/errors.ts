// What went wrong, in one list shown in one place (panels/ErrorList.tsx): each error whole, until dismissed.
import { create } from 'zustand';

export interface ShownError {
  id: number;
  /** Where it happened, in the user's words ("Opening", "Segment Editor"). */
  where: string;
  kind?: string;
  message: string;
}

interface ErrorsState {
  errors: ShownError[];
  dismiss(id: number): void;
  dismissAll(): void;
}

const MAX_SHOWN = 5;
let nextId = 1;

export const useErrors = create<ErrorsState>((set, get) => ({
  errors: [],
  dismiss: (id) => set({ errors: get().errors.filter((error) => error.id !== id) }),
  dismissAll: () => set({ errors: [] }),
}));

/** Lists `error` (a thrown value or a contract reply's typed error) under `where`. */
export function reportError(where: string, error: unknown): void {
  const { kind, message } = error instanceof Error || (typeof error === 'object' && error && 'message' in error) ? (error as { kind?: string; name?: string; message: string }) : { kind: undefined, message: String(error) };
  const named = kind ?? (error instanceof Error && error.name !== 'Error' ? error.name : undefined);
  const { errors } = useErrors.getState();
  // The same error again (a retry that fails alike) is listed once, as the newest.
  const others = errors.filter((shown) => !(shown.where === where && shown.message === message));
  useErrors.setState({ errors: [...others, { id: nextId++, where, kind: named, message }].slice(-MAX_SHOWN) });
}
