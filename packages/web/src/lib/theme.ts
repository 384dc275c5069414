/** Light, dark, or whatever the system says; chosen per device (localStorage), like the draft of a setting. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const key = 'parley.theme';

export function loadTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(key);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Applies a choice to the page: `data-theme` on <html> overrides the system's colour scheme
 * (see base.css). public/theme-init.js does the same before the first paint, from the same key.
 */
export function applyTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(key);
    else localStorage.setItem(key, choice);
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  const dark = choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', dark ? '#0f172a' : '#4f46e5');
}
