import { createSignal } from 'solid-js';
import { DEFAULT_SETTINGS, parseSettings, type Settings, type Theme } from './settings';

export const SETTINGS_STORAGE_KEY = 'soc-triage.settings';

function readStored(): Settings {
  try {
    return parseSettings(localStorage.getItem(SETTINGS_STORAGE_KEY));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

const [current, setCurrent] = createSignal<Settings>(readStored());

export const settings = current;

export function updateSettings(patch: Partial<Settings>): void {
  const next = { ...current(), ...patch };
  try {
    localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(next));
  } catch (error) {
    console.warn('settings were not saved', error);
  }
  setCurrent(next);
  applyTheme(next.theme);
}

/** The case components style themselves with `dark:` variants: the class on <html> switches every view at once. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.classList.toggle('light', theme === 'light');
  root.style.colorScheme = theme;
  document.querySelector('meta[name=theme-color]')?.setAttribute('content', THEME_COLORS[theme]);
}

/** The browser's title bar follows the theme (the manifest's colour is the dark default). */
const THEME_COLORS: Record<Theme, string> = { dark: '#0f172a', light: '#ffffff' };
