// Server-sent events over fetch() with a streaming reader: EventSource cannot send an Authorization
// header, and a token in the URL would end up in access logs. Reconnects with backoff after a
// dropped stream; stops for good on 401/403/404.
import { token } from './auth.js';
import { readEvents } from '/lib/sse-events.js';

/** onEvent(type, data) per event, onState('open' | 'retrying' | 'closed', status?). Returns close(). */
export function openStream(path, onEvent, onState = () => {}) {
  const controller = new AbortController();
  let delay = 1000;
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(path, {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token()}` }, signal: controller.signal,
        });
        if ([401, 403, 404].includes(res.status)) return onState('closed', res.status);
        if (res.ok) {
          delay = 1000;
          onState('open');
          await readEvents(res.body, onEvent, () => {});
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      onState('retrying');
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  })();
  return () => controller.abort();
}
