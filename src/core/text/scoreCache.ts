/**
 * The model's scores depend on the text and the model, not on the rate, budget or question. The last few
 * analyses are kept so that a new rate or question (the compression view's slider, a budget retry) re-selects
 * without running the model again. Bounded by entries and by characters; one entry per text, model and scoring
 * settings. In-flight analyses are shared, so two requests for the same text run the model once.
 */
import type { Analysis } from './engine';

/** Texts longer than this are not kept (their analysis is large and a rerun is rare). */
export const CACHE_MAX_TEXT_CHARS = 512 * 1024;
const CACHE_MAX_TOTAL_CHARS = 2 * 1024 * 1024;
// a Markdown document is one entry per prose piece between fences
const CACHE_MAX_ENTRIES = 1024;

interface Entry {
  chars: number;
  analysis: Promise<Analysis>;
}

const entries = new Map<string, Entry>();
let totalChars = 0;

function evict(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  entries.delete(key);
  totalChars -= e.chars;
}

/**
 * The analysis of `text` under `scoringKey` (model folder, aggregation, provider…): from the cache, or computed by
 * `compute` and kept. `hit` says whether the model ran for this call. A failed or aborted computation is not kept.
 */
export async function cachedAnalysis(text: string, scoringKey: string, compute: () => Promise<Analysis>): Promise<{ analysis: Analysis; hit: boolean }> {
  if (text.length > CACHE_MAX_TEXT_CHARS) return { analysis: await compute(), hit: false };
  const key = `${scoringKey}\u0000${text}`;
  const found = entries.get(key);
  if (found) {
    // most recently used last
    entries.delete(key);
    entries.set(key, found);
    try {
      return { analysis: await found.analysis, hit: true };
    } catch {
      // the shared computation failed (e.g. the other caller aborted): compute our own below
    }
  }
  const analysis = compute();
  const entry = { chars: text.length, analysis };
  entries.set(key, entry);
  totalChars += entry.chars;
  analysis.catch(() => {
    if (entries.get(key) === entry) evict(key);
  });
  while (entries.size > CACHE_MAX_ENTRIES || totalChars > CACHE_MAX_TOTAL_CHARS) {
    const oldest = entries.keys().next().value as string;
    if (oldest === key) break;
    evict(oldest);
  }
  return { analysis: await analysis, hit: false };
}

/** Forgets every kept analysis (a model was replaced or released). */
export function clearScoreCache(): void {
  entries.clear();
  totalChars = 0;
}
