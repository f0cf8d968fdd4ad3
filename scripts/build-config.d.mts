// Types of scripts/build-config.mjs for the TypeScript tests that import it.
import type { BuildOptions } from 'esbuild';

export declare const root: string;
export declare const nodeEntries: Record<'cli' | 'extension' | 'worker' | 'lib', { in: string; out: string; banner?: string }>;
export declare const webviews: readonly ['compression', 'inspector'];
export declare function nodeConfig(name: keyof typeof nodeEntries, outDir?: string): BuildOptions & { outfile: string };
export declare function webviewConfig(view: (typeof webviews)[number], outDir?: string): BuildOptions & { outfile: string };
