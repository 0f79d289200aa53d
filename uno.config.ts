import { defineConfig, presetWind3 } from 'unocss';

/**
 * Utility classes for the app shell and the case components. `dark:` variants follow a `dark` class on <html>
 * (set from the theme setting), not the OS preference, so the analyst's choice wins.
 */
export default defineConfig({
  presets: [presetWind3({ dark: 'class' })],
  content: {
    pipeline: { include: [/\.(tsx?|html)($|\?)/] },
  },
  // Class names built at run time from a verdict or stream kind are not in the source text: list them here.
  safelist: [
    ...['incident', 'suspicious', 'tuning', 'noise'].map((verdict) => `verdict-${verdict}`),
    ...['rule', 'verdict', 'issue', 'file', 'parse', 'indicator', 'done'].map((kind) => `stream-${kind}`),
  ],
  shortcuts: {
    btn: 'inline-flex items-center gap-1 px-3 py-1 rounded border border-slate-300 bg-slate-100 text-slate-900 text-sm hover:bg-slate-200 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-sky-500',
    'btn-primary': 'border-sky-700 bg-sky-700 text-white hover:bg-sky-800 dark:border-sky-500 dark:bg-sky-700 dark:hover:bg-sky-600',
    input: 'px-2 py-1 rounded border border-slate-300 bg-white text-slate-900 text-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100',
    // A button styled as a link takes the text around it (buttons otherwise get the browser's 13.33 px font).
    link: 'p-0 border-0 bg-transparent [font:inherit] text-sky-700 underline cursor-pointer dark:text-sky-300',
    'verdict-badge': 'text-sm px-2 py-0.5 rounded font-semibold',
    'verdict-incident': 'bg-red-700 text-white',
    'verdict-suspicious': 'bg-amber-400 text-black',
    'verdict-tuning': 'bg-sky-700 text-white',
    'verdict-noise': 'bg-slate-500 text-white',
    'stream-rule': 'text-amber-700 dark:text-amber-300',
    'stream-verdict': 'text-red-700 dark:text-red-300',
    'stream-issue': 'text-orange-700 dark:text-orange-300',
    'stream-file': 'text-sky-700 dark:text-sky-300',
    'stream-parse': 'text-slate-600 dark:text-slate-400',
    'stream-indicator': 'text-violet-700 dark:text-violet-300',
    'stream-done': 'text-emerald-700 dark:text-emerald-300',
  },
});
