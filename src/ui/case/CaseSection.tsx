/** One titled part of the case document: a landmark with its own heading, so screen readers can jump between parts. */
import { createUniqueId, type JSX } from 'solid-js';
import { SECTION_CLASS } from './presentation';

export function CaseSection(props: { title: string; testid: string; aside?: JSX.Element; children: JSX.Element }): JSX.Element {
  const headingId = createUniqueId();
  return (
    <section data-testid={props.testid} aria-labelledby={headingId} class={`${SECTION_CLASS} min-w-0`}>
      <div class="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={headingId} class="m-0 text-lg font-semibold">{props.title}</h3>
        {props.aside}
      </div>
      {props.children}
    </section>
  );
}
