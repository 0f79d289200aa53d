import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
// The weights table imports types only, so this pulls no engine code into the main bundle.
import { KNOWN_HOST_ROLES } from '../../engine/verdict/weights';
import { triageBridge } from '../bridge/triage-bridge';
import { AUTO_BATCH_MAX_FILES, type GroupingSetting } from '../state/intake-plan';
import { forgetAllCases } from '../state/queue';
import { addUserRules, clampCriticality, MAX_CRITICALITY, MIN_CRITICALITY } from '../state/settings';
import { settings, updateSettings } from '../state/settings-store';


/** Rule packs, asset context, intake grouping and theme; everything persists in localStorage at once. */
export function SettingsView(): JSX.Element {
  const [catalog] = createResource(() => settings().userRules, (user) => triageBridge.ruleCatalog(user));
  const [ruleMessage, setRuleMessage] = createSignal('');
  const [host, setHost] = createSignal('');
  const [criticality, setCriticality] = createSignal(3);
  const [role, setRole] = createSignal<string>('workstation');
  const [cleared, setCleared] = createSignal('');

  const toggleCategory = (name: string, enabled: boolean): void => {
    const disabled = new Set(settings().disabledCategories);
    if (enabled) disabled.delete(name);
    else disabled.add(name);
    updateSettings({ disabledCategories: [...disabled].sort() });
  };

  const addRuleFiles = async (files: File[]): Promise<void> => {
    const added = await Promise.all(files.map(async (file) => ({ file: file.name, text: await file.text() })));
    const rules = addUserRules(settings().userRules, added);
    if (typeof rules === 'string') setRuleMessage(rules);
    else {
      updateSettings({ userRules: rules });
      setRuleMessage(`${added.length} rule file${added.length === 1 ? '' : 's'} added`);
    }
  };

  const addAsset = (event: SubmitEvent): void => {
    event.preventDefault();
    const name = host().trim().toLowerCase();
    if (!name) return;
    const assets = settings().assets;
    updateSettings({
      assets: {
        criticality: { ...assets.criticality, [name]: clampCriticality(criticality()) },
        roles: { ...assets.roles, [name]: role() },
      },
    });
    setHost('');
  };

  const removeAsset = (name: string): void => {
    const { [name]: _criticality, ...criticalityLeft } = settings().assets.criticality;
    const { [name]: _role, ...rolesLeft } = settings().assets.roles;
    updateSettings({ assets: { criticality: criticalityLeft, roles: rolesLeft } });
  };

  const assetHosts = (): string[] =>
    [...new Set([...Object.keys(settings().assets.criticality), ...Object.keys(settings().assets.roles)])].sort();

  const userRuleErrors = () => {
    const userFiles = new Set(settings().userRules.map((rule) => rule.file));
    return (catalog()?.errors ?? []).filter((error) => userFiles.has(error.file));
  };

  return (
    <div class="p-4 grid gap-6 max-w-4xl" data-testid="settings">
      <h1 class="text-lg font-semibold m-0">Settings</h1>

      <section aria-labelledby="theme-heading" class="grid gap-2">
        <h2 id="theme-heading" class="text-base font-semibold m-0">Theme</h2>
        <div class="flex gap-4" role="radiogroup" aria-labelledby="theme-heading">
          <For each={['dark', 'light'] as const}>
            {(theme) => (
              <label class="flex items-center gap-1">
                <input type="radio" name="theme" value={theme} data-testid={`theme-${theme}`} checked={settings().theme === theme}
                  onChange={() => updateSettings({ theme })} />
                {theme}
              </label>
            )}
          </For>
        </div>
      </section>

      <section aria-labelledby="grouping-heading" class="grid gap-2">
        <h2 id="grouping-heading" class="text-base font-semibold m-0">Intake</h2>
        <label class="flex items-center gap-2 text-sm">
          <span>Cases from a drop</span>
          <select class="input" value={settings().grouping} onChange={(event) => updateSettings({ grouping: event.currentTarget.value as GroupingSetting })}>
            <option value="auto">auto: one case for up to {AUTO_BATCH_MAX_FILES} files, else one per file</option>
            <option value="batch">one case for the whole drop</option>
            <option value="per-file">one case per file</option>
            <option value="per-host">one case per host (split after parsing)</option>
          </select>
        </label>
      </section>

      <section aria-labelledby="rules-heading" class="grid gap-2">
        <h2 id="rules-heading" class="text-base font-semibold m-0">Rule packs</h2>
        <Show when={catalog()} fallback={<p class="text-sm">Loading the shipped rules…</p>}>
          {(loaded) => (
            <>
              <p class="text-sm m-0">{loaded().rules.length} rules loaded{loaded().errors.length ? `, ${loaded().errors.length} with errors` : ''}. Disabled categories take effect for cases queued from now on.</p>
              <ul class="list-none p-0 m-0 grid grid-cols-2 md:grid-cols-3 gap-1" data-testid="rule-categories">
                <For each={loaded().categories}>
                  {(category) => (
                    <li>
                      <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" data-testid="rule-category" data-category={category.name}
                          checked={!settings().disabledCategories.includes(category.name)}
                          onChange={(event) => toggleCategory(category.name, event.currentTarget.checked)} />
                        {category.name} ({category.rules})
                      </label>
                    </li>
                  )}
                </For>
              </ul>
            </>
          )}
        </Show>
        <h3 class="text-sm font-semibold m-0">Your Sigma rules</h3>
        <label class="btn cursor-pointer w-fit focus-within:outline-2 focus-within:outline-sky-500">
          <span>Add Sigma files (.yml)</span>
          <input type="file" multiple accept=".yml,.yaml" class="sr-only" data-testid="rule-file-input"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              event.currentTarget.value = '';
              void addRuleFiles(files);
            }} />
        </label>
        <p role="status" class="text-sm m-0">{ruleMessage()}</p>
        <ul class="m-0 pl-4 text-sm" data-testid="user-rules">
          <For each={settings().userRules} fallback={<li class="list-none -ml-4">None yet. Dropped .yml files also land here.</li>}>
            {(rule) => (
              <li data-testid="user-rule">
                <span class="font-mono">{rule.file}</span>{' '}
                <button type="button" class="link" aria-label={`Remove ${rule.file}`} onClick={() => updateSettings({ userRules: settings().userRules.filter((other) => other.file !== rule.file) })}>remove</button>
              </li>
            )}
          </For>
        </ul>
        <Show when={userRuleErrors().length}>
          <ul class="m-0 pl-4 text-sm text-red-700 dark:text-red-300" data-testid="rule-errors">
            <For each={userRuleErrors()}>{(error) => <li>{error.file}{error.rule ? ` (${error.rule})` : ''}: {error.reason}</li>}</For>
          </ul>
        </Show>
      </section>

      <section aria-labelledby="assets-heading" class="grid gap-2">
        <h2 id="assets-heading" class="text-base font-semibold m-0">Assets</h2>
        <p class="text-sm m-0">Criticality ({MIN_CRITICALITY} lab … {MAX_CRITICALITY} crown jewel) and role per host name weigh into the verdict.</p>
        <form class="flex flex-wrap items-end gap-2 text-sm" onSubmit={addAsset}>
          <label class="grid gap-0.5"><span>Host</span>
            <input class="input" required data-testid="asset-host" value={host()} onInput={(event) => setHost(event.currentTarget.value)} /></label>
          <label class="grid gap-0.5"><span>Criticality</span>
            <input class="input w-16" type="number" min={MIN_CRITICALITY} max={MAX_CRITICALITY} data-testid="asset-criticality"
              value={criticality()} onInput={(event) => setCriticality(Number(event.currentTarget.value))} /></label>
          <label class="grid gap-0.5"><span>Role</span>
            <select class="input" value={role()} onChange={(event) => setRole(event.currentTarget.value)}>
              <For each={KNOWN_HOST_ROLES}>{(name) => <option value={name}>{name}</option>}</For>
            </select></label>
          <button class="btn" type="submit" data-testid="asset-add">Add host</button>
        </form>
        <Show when={assetHosts().length} fallback={<p class="text-sm m-0 text-slate-600 dark:text-slate-400">No host described yet.</p>}>
        <table class="text-sm border-collapse w-fit" data-testid="assets">
          <thead><tr><th class="text-left pr-4">Host</th><th class="text-left pr-4">Criticality</th><th class="text-left pr-4">Role</th><th><span class="sr-only">Remove</span></th></tr></thead>
          <tbody>
            <For each={assetHosts()}>
              {(name) => (
                <tr data-testid="asset-row">
                  <td class="pr-4 font-mono">{name}</td>
                  <td class="pr-4">{settings().assets.criticality[name] ?? '—'}</td>
                  <td class="pr-4">{settings().assets.roles[name] ?? '—'}</td>
                  <td><button type="button" class="link" aria-label={`Remove ${name}`} onClick={() => removeAsset(name)}>remove</button></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        </Show>
      </section>

      <section aria-labelledby="storage-heading" class="grid gap-2">
        <h2 id="storage-heading" class="text-base font-semibold m-0">Stored cases</h2>
        <p class="text-sm m-0">Triaged cases stay in this browser (IndexedDB) so they survive a reload; nothing leaves the machine.</p>
        <button type="button" class="btn w-fit" data-testid="forget-cases"
          onClick={() => void forgetAllCases().then(() => setCleared('Stored cases deleted.'))}>Delete stored cases</button>
        <p role="status" class="text-sm m-0">{cleared()}</p>
      </section>
    </div>
  );
}
