/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';

interface LaunchParams {
  files: FileSystemFileHandle[];
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/**
 * Registers the service worker that precaches the whole app (it then works offline after the first load) and, in
 * an installed app, takes the files the operating system hands over (`file_handlers` in the manifest).
 */
export function startPwa(onLaunchFiles: (files: File[]) => void): void {
  if ('serviceWorker' in navigator) registerSW({ immediate: true });
  const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer((params) => {
    if (!params.files?.length) return;
    void Promise.all(params.files.map((handle) => handle.getFile())).then(onLaunchFiles);
  });
}
