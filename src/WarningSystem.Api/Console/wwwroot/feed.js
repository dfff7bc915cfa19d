import { headers, clinicPath } from './api.js';

// The clinic's live alert feed (Server-Sent Events). EventSource cannot send the Authorization header, so the
// stream is read with fetch; after a dropped connection it reconnects with Last-Event-ID and gets what it missed.
export function openFeed({ onNotice, onState }) {
  const abort = new AbortController();
  let lastEventId = null;
  let retryMs = 500;

  async function run() {
    while (!abort.signal.aborted) {
      try {
        const extra = { Accept: 'text/event-stream' };
        if (lastEventId !== null) extra['Last-Event-ID'] = lastEventId;
        const response = await fetch(clinicPath('alerts', 'stream'), { headers: headers(extra), signal: abort.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
        onState('live');
        retryMs = 500;
        await read(response.body.getReader());
      } catch (error) {
        if (abort.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 10000);
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let id = null, type = 'message', data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comments: connected, heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
    }
    if (id !== null) lastEventId = id;
    if (!data) return;
    try { onNotice(type, JSON.parse(data)); } catch { /* a malformed event is skipped, the stream goes on */ }
  }

  run();
  return { close: () => abort.abort() };
}
