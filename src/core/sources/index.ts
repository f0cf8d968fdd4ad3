/** Sources for every front end (MCP, the #tersify tool, @tersify, Compress Files): one set of rules, no vscode. */
export * from './text';
export * from './roots';
export * from './read';
export * from './result';
