// Types of scripts/environment.mjs for the TypeScript tests and benches that import it.
export declare function chromiumPath(): string;
export declare function requireChromium(): string;
export declare function sharedDataDir(): string;
export declare function sharedDataPath(rel: string): string;
