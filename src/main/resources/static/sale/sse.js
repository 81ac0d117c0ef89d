// Server-sent events over fetch(), for streams that need the Authorization header EventSource
// cannot send. Reconnects with backoff after a dropped stream, sending Last-Event-ID so the server
// can replay what was missed; gives up on 401/403/404 (the stream does not exist here or is not
// ours), so the page works without it.
import { token } from './auth.js';

/** live(true) once the stream answers, live(false) when it is not there (401/403/404). Returns close(). */
export function openAuthorizedStream(path, onEvent, live = () => {}) {
  const controller = new AbortController();
  let delay = 1000;
  let lastId = null;
  (async function connect() {
    while (!controller.signal.aborted) {
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token()}` };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        // no-store: Chrome's HTTP cache lets only one request per URL wait for headers at a time, so
        // a second tab's stream would hang until the first tab's stream sends its first byte
        const res = await fetch(path, { headers, cache: 'no-store', signal: controller.signal });
        if ([401, 403, 404].includes(res.status)) return live(false);
        if (res.ok) {
          delay = 1000;
          live(true);
          await readEvents(res.body, onEvent, id => { lastId = id; });
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30000);
    }
  })();
  return () => controller.abort();
}

/** Parses `event:` / `data:` / `id:` lines into (type, data) calls; comments (keep-alives) are skipped. */
async function readEvents(body, onEvent, onId) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent(type, data.join('\n'));
        type = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('id:')) {
        onId(line.slice(3).trim());
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
}
