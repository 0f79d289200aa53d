import type { JSX } from 'solid-js';

/** The empty state: what to drop and what happens to it. */
export function HomeView(): JSX.Element {
  return (
    <div class="p-6 max-w-3xl grid gap-3" data-testid="home">
      <h1 class="text-xl font-semibold m-0">Drop logs, get a triaged case queue</h1>
      <p class="m-0">
        Drop Windows event logs (.evtx), Sysmon XML exports, firewall and web or auth logs, e-mails (.eml) or packet
        captures anywhere on this page, or use <strong>Add log files</strong>. Each drop becomes one or more cases;
        every case gets a verdict, the reasoning behind it, the ATT&amp;CK techniques it shows and its indicators.
      </p>
      <p class="m-0">
        Everything runs in this browser: no file leaves the machine, and the app keeps working offline once loaded.
        Sigma rules (.yml) dropped here are added to your rule set.
      </p>
      <p class="m-0">Press <kbd class="font-mono px-1 rounded border border-solid border-slate-400">?</kbd> for the keyboard keys.</p>
    </div>
  );
}
