/// <reference lib="webworker" />
/**
 * A browser pool thread: runs the engine's registered jobs (EVTX chunks) for BrowserWorkPool
 * (src/engine/pool/browser-pool.ts). One comlink `expose`.
 */
import { expose } from 'comlink';
import { poolThreadApi } from '../src/engine/pool/thread-api';

expose(poolThreadApi);
