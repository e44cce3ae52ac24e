import { answerRequests } from '../threads/worker-requests.js';
import { RenderThread, type ThreadReply, type ThreadRequest } from './render-thread.js';

// The entry of a render worker thread: answers each request of the pool in order.
const thread = new RenderThread();
answerRequests<ThreadRequest, ThreadReply>((request) => thread.handle(request));
