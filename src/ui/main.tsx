import 'virtual:uno.css';
import './app.css';
import { render } from 'solid-js/web';
import { App } from './App';
import { triageBridge } from './bridge/triage-bridge';
import { startPwa } from './pwa';
import { intake } from './state/queue';
import { applyTheme, settings } from './state/settings-store';

applyTheme(settings().theme);
const root = document.getElementById('app');
if (root) render(() => <App />, root);
startPwa((files) => void intake(files));
// Start the worker and compile the rules while the analyst picks files: the first drop then only parses.
void triageBridge.warmUp({ user: settings().userRules, disabledCategories: settings().disabledCategories });
