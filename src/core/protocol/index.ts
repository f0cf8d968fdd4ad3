/** Typed message protocols of the engine: the RPC layer (also used by the webviews) and the worker's methods. */
export * from './rpc';
export * from './worker';
