import { useState } from 'preact/hooks';

/** A string kept in localStorage (the API key is entered once per browser). */
export function useStoredValue(storageKey: string, fallback = ''): [string, (value: string) => void] {
  const [value, setValue] = useState(() => readStored(storageKey) ?? fallback);
  const update = (next: string) => {
    setValue(next);
    try {
      if (next === '') window.localStorage.removeItem(storageKey);
      else window.localStorage.setItem(storageKey, next);
    } catch {
      // Private mode or storage full: the value still works for this page.
    }
  };
  return [value, update];
}

export function readStored(storageKey: string): string | undefined {
  try {
    return window.localStorage.getItem(storageKey) ?? undefined;
  } catch {
    return undefined;
  }
}
