import { parentPort } from 'node:worker_threads';
import { answerJobRequest, type JobRequest } from '../../engine/pool/protocol';

/** A Node pool thread: runs the engine's registered jobs for `NodeWorkPool` (src/cli/node-pool.ts). */
const port = parentPort;
if (!port) throw new Error('the pool worker must run as a worker thread');
port.on('message', (request: JobRequest) => {
  void answerJobRequest(request).then(({ response, transfer }) => port.postMessage(response, transfer));
});
