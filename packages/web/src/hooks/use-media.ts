import { useSyncExternalStore } from 'react';

/** Whether a media query matches now; renders again when that changes. */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => matchMedia(query).matches,
  );
}

/** The phone layout: one panel at a time (as in chat.css). */
export const phoneLayout = '(max-width: 760px)';
/** A touch screen without a fine pointer: Enter makes a new line there, as in other chat apps. */
export const touchFirst = '(pointer: coarse)';
