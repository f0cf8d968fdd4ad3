/** The webview side of the typed channel to the extension host (acquireVsCodeApi + postMessage). */
import { RpcEndpoint, type RpcMap } from '../../src/core/protocol/rpc';

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function connect<HostMethods extends RpcMap<HostMethods>, Events extends object, S>(): {
  api: VsCodeApi<S>;
  host: RpcEndpoint<HostMethods, Record<never, never>, Record<never, never>, Events>;
} {
  const api = acquireVsCodeApi<S>();
  const host = new RpcEndpoint<HostMethods, Record<never, never>, Record<never, never>, Events>((message) => api.postMessage(message));
  window.addEventListener('message', (event: MessageEvent) => host.receive(event.data));
  return { api, host };
}
