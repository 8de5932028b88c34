// Keys reach their handlers through the shortcut registry: one window listener turns a key press into a
// registry id, and the component that owns that action handles it.
import { useEffect, useRef } from 'react';
import { keyShortcutFor, type KeyShortcutId } from './shortcuts';

const handlers = new Map<KeyShortcutId, () => void>();

/** Typing in a field, or choosing in a list, is not a shortcut (Escape still is, to close what is open). */
const typing = (event: KeyboardEvent) =>
  event.target instanceof HTMLElement &&
  event.target.matches('input:not([type=checkbox], [type=radio], [type=button]), select, textarea') &&
  event.key !== 'Escape';

function onKey(event: KeyboardEvent): void {
  if (typing(event) || event.defaultPrevented) return;
  const id = keyShortcutFor(event);
  const handler = id && handlers.get(id);
  if (!handler) return;
  event.preventDefault();
  handler();
}

/** Installs the one key listener; App calls it once. */
export function useShortcutKeys(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Handles the registry entry `id` while the component is mounted and `enabled`. */
export function useShortcut(id: KeyShortcutId, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const call = () => latest.current();
    handlers.set(id, call);
    return () => {
      if (handlers.get(id) === call) handlers.delete(id);
    };
  }, [id, enabled]);
}
