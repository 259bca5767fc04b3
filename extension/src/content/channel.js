// The content script's line to the worker: one long-lived port for the page, and the
// requests made in one task (a new batch of comments asks for its analyses and its
// handled marks together) posted as one message. Every post wakes the browser and the
// worker: on a loaded machine the page's main thread then waits its turn for the CPU,
// 0-2 ms per post and more on this project's shared 2-core machine (measured in the e2e
// speed test at load 12). The answers come back one by one, each as soon as it is ready.
// The worker may stop when idle: its port then closes, the requests on their way fail
// as a runtime.sendMessage would, and the next request opens a new port.
import { PORT_NAME } from '../messages.js';

/**
 * A function `request(message)` → Promise of the worker's answer, over a port made by
 * `connect({name})` (runtime.connect). `around(fn)`: runs the posting (the page counts
 * it as its own work). Rejects when the port closes before the answer.
 */
export function portChannel(connect, around = (fn) => fn()) {
  let port = null;
  let next = 0;
  const waiting = new Map(); // request id → {resolve, reject}
  let outgoing = []; // [{id, body}] made in this task, not posted yet

  const open = () => {
    const p = connect({ name: PORT_NAME });
    p.onMessage.addListener((answer) => {
      const w = waiting.get(answer?.id);
      if (!w) return;
      waiting.delete(answer.id);
      w.resolve(answer.body);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      const gone = new Error('the extension worker closed the connection');
      for (const w of waiting.values()) w.reject(gone);
      waiting.clear();
    });
    return p;
  };

  const post = () => around(() => {
    const batch = outgoing;
    outgoing = [];
    try {
      port ??= open();
      port.postMessage({ batch });
    } catch (err) {
      // A port closed under us (the worker stopped): the next request opens a new one.
      port = null;
      for (const { id } of batch) {
        waiting.get(id)?.reject(err);
        waiting.delete(id);
      }
    }
  });

  return (message) => new Promise((resolve, reject) => {
    next += 1;
    waiting.set(next, { resolve, reject });
    outgoing.push({ id: next, body: message });
    if (outgoing.length === 1) queueMicrotask(post);
  });
}
