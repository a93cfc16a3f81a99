// The desktop window: requests and events go through the preload's bridge.
import type { ApiClient, PreloadBridge } from '../../shared/api';
import { EventHub } from './eventHub';
import { describeFailure, internalError, toResult } from './result';

export function createElectronClient(bridge: PreloadBridge): ApiClient {
  const hub = new EventHub();
  bridge.subscribe((name, payload) => hub.emitRaw(name, payload));
  return {
    async send(name, args) {
      try {
        return toResult(await bridge.invoke(name, args));
      } catch (err) {
        return internalError(`Request ${name} failed: ${describeFailure(err)}`);
      }
    },
    subscribe: (name, listener) => hub.on(name, listener),
  };
}
