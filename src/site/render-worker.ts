import { parentPort } from 'node:worker_threads';
import { RenderThread, type ThreadRequest } from './render-thread.js';

// The entry of a render worker thread: answers each request of the pool in order.
const thread = new RenderThread();
const port = parentPort;
if (port) {
  port.on('message', (message: { seq: number; request: ThreadRequest }) => {
    thread.handle(message.request).then(
      (reply) => port.postMessage({ seq: message.seq, reply }),
      (error: unknown) => port.postMessage({ seq: message.seq, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
