import { For, type JSX } from 'solid-js';
import type { ProgressStep } from '../bridge/protocol';

function amount(step: ProgressStep): string {
  if (step.unit === 'bytes') return `${(step.done / 1048576).toFixed(1)} / ${(step.total / 1048576).toFixed(1)} MiB`;
  return `${step.done} / ${step.total} ${step.unit}`;
}

/** One bar per long step of the triage (read, parse, rules), plus one per file being read in a batch. */
export function ProgressBars(props: { steps: ProgressStep[] }): JSX.Element {
  return (
    <div class="grid gap-1">
      <For each={props.steps}>
        {(step) => {
          const percent = (): number => (step.total > 0 ? Math.min(100, Math.round((step.done / step.total) * 100)) : 100);
          return (
            <div data-testid="progress" data-step={step.key} data-done={percent() === 100 ? 'true' : 'false'} class="grid grid-cols-[9rem_1fr_9rem] items-center gap-2 text-xs">
              <span class="truncate" id={`progress-${step.key}`}>{step.label}</span>
              <div
                role="progressbar"
                aria-labelledby={`progress-${step.key}`}
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow={percent()}
                class="h-2 rounded bg-slate-200 dark:bg-slate-800 overflow-hidden"
              >
                <div class="h-full bg-sky-600" style={{ width: `${percent()}%` }} />
              </div>
              <span class="tabular-nums text-right">{amount(step)}</span>
            </div>
          );
        }}
      </For>
    </div>
  );
}
