// Browser mode (served by server.ts): POST /api/<request> and one events WebSocket.
import type { ApiClient } from '../../shared/api';
import { decode, encode } from '../../shared/codec';
import type { Result } from '../../shared/errors';
import { EventHub } from './eventHub';
import { connectEventSocket, eventsUrl } from './eventSocket';
import { describeFailure, internalError, toResult } from './result';
import { TOKEN_KEY } from './token';

const STALE_TOKEN_MESSAGE =
  'The access token of this tab is no longer valid (was Runlens restarted?). Open Runlens from the URL printed by `npm start`.';

export function createBrowserClient(token: string, location: Location): ApiClient {
  const hub = new EventHub();
  connectEventSocket(eventsUrl(location, token), hub);

  async function post<T>(name: string, args: unknown): Promise<Result<T>> {
    let response: Response;
    try {
      response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: encode(args ?? {}),
      });
    } catch (err) {
      return internalError(`Cannot reach the Runlens server: ${describeFailure(err)}`);
    }
    if (response.status === 401) {
      // The server was restarted with a new token: the one this tab kept is dead.
      sessionStorage.removeItem(TOKEN_KEY);
      return { ok: false, error: { code: 'bad-request', message: STALE_TOKEN_MESSAGE } };
    }
    // 4xx answers carry a Result too; read the body whatever the status.
    const text = await response.text().catch(() => '');
    try {
      return toResult<T>(decode(text));
    } catch {
      return internalError(`The server answered ${response.status} ${response.statusText} to ${name}.`);
    }
  }

  return {
    send: (name, args) => post(name, args),
    subscribe: (name, listener) => hub.on(name, listener),
  };
}
