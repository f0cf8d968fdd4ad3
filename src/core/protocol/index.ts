/** Typed message protocols shared by the engine worker, the extension host and the webviews. */
export * from './rpc';
export * from './worker';
export * from './panel';
export * from './inspector';
