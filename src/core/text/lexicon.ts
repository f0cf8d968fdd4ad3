/**
 * Every word list of the prose engine (lowercase), declared once; the sets the engine uses are derived
 * here. Corpus word frequencies live in common-words.ts (generated).
 */

/** Detached clitics of tokenized text ("we 're", "it 's"), as in NLTK's stop-word list. */
export const CLITICS: ReadonlySet<string> = new Set(['s', 're', 'll', 've', 'd', 'm', 't']);

/** Conversational fillers: they carry nothing a question could ask about. */
const FILLERS = 'um uh uhm umm erm hmm hm mm mhm yeah yep okay ok oh ah eh huh';

const FUNCTION_WORDS =
  'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
  'am do does did doing have has had having i me my we our you your he him his she her it its they them their this that ' +
  'these those there here what which who whom whose when where why how not no nor so than too very can could will would ' +
  'shall should may might must just also only own same such both each few more most other some any all up down out ' +
  'over under again further once off per via while during before after above below between through until against ' +
  'because since within without upon whether yes one';

/**
 * Transcript annotations written in braces or brackets (`{vocalsound}`, `[laughter]`): AMI/ICSI markup and the
 * common ASR and subtitle ones. Inside `{…}` or `[…]` they are markup, not speech (policy.ts drops them first).
 */
export const ANNOTATIONS: ReadonlySet<string> = new Set(
  'disfmarker vocalsound nonvocalsound gap pause comment laughter laughs laugh inaudible crosstalk unintelligible applause music noise silence coughs cough sighs breath'.split(
    ' ',
  ),
);

/** Hesitations as transcribed: "eh", "ehhh", "ehm", "ehn", "uhm", "mmm", "hmm", "nnn", "ahh". */
const HESITATION = /^(?:e+h+[mn]?|u+[hm]+|m{2,}|h+m+|n{3,}|a+h+|e+r+m*)$/i;

/** Fillers and hesitations: below function words, which keep a sentence readable. */
export function isFiller(word: string): boolean {
  return FILLER_SET.has(word.toLowerCase()) || HESITATION.test(word);
}
const FILLER_SET: ReadonlySet<string> = new Set(FILLERS.split(' '));

/** Stop words: fillers, function words and detached clitics. */
export const STOP_WORDS: ReadonlySet<string> = new Set([...FILLERS.split(' '), ...FUNCTION_WORDS.split(' '), ...CLITICS]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase()) || HESITATION.test(word);
}

const ONES = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
const SCALES = 'hundred thousand million billion trillion'.split(' ');

/** Cardinal number words: "two hundred", "twenty five" join into one phrase. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([...ONES, ...TENS, ...SCALES]);

/** Words that scale a number before them: "3 million", "two dozen". */
export const SCALE_WORDS: ReadonlySet<string> = new Set([...SCALES, 'dozen']);

/**
 * Number words that count as values for the question boost: the subset it was tuned with (zero–twelve,
 * twenty–fifty, hundred–billion), plus the first ordinals, "half" and "dozen".
 */
export const VALUE_NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...ONES.slice(0, 13),
  ...TENS.slice(0, 4),
  ...SCALES.slice(0, 4),
  ...'first second third fourth fifth half dozen'.split(' '),
]);

const MONTH_NAMES = 'january february march april may june july august september october november december'.split(' ');
/** Abbreviations that are also common words or names elsewhere ("Mar del Plata", "Jun Wang"). */
const SHORT_ABBREVIATIONS = ['mar', 'apr', 'jun', 'jul'];

/** Month names and abbreviations (dates join into phrases: "12 March 2011"). */
export const MONTHS: ReadonlySet<string> = new Set([...MONTH_NAMES, ...'jan feb aug sep sept oct nov dec'.split(' '), ...SHORT_ABBREVIATIONS]);

/** Months that answer a "when" question: MONTHS without the short abbreviations, as tuned. */
export const DATE_MONTHS: ReadonlySet<string> = new Set([...MONTHS].filter((m) => !SHORT_ABBREVIATIONS.includes(m)));

/** Words that follow a number as its unit. */
export const NUMBER_UNITS: ReadonlySet<string> = new Set(
  (
    'percent per cent % percentage points point degrees degree °c °f km kilometres kilometers kilometre kilometer miles mile metres meters metre meter m cm mm ft feet foot inches inch ' +
    'kg kilograms kilogram g grams gram tonnes tonne tons ton lb lbs pounds pound ounces oz litres liters litre liter gallons gallon ' +
    'sq square acres acre hectares hectare mph kph km/h years year months month weeks week days day hours hour minutes minute seconds second ' +
    'am pm a.m. p.m. bc ad bce ce dollars dollar euros euro yen yuan pesos cents people times fold gb mb kb tb ghz mhz hz kw mw gw w v'
  ).split(' '),
);

/** A currency symbol (one unit): "$1,849", "£ 3 million". */
export const CURRENCY = /^[$£€¥₹₩₽¢]$/u;

/** Lowercase words that join capitalised words into one name: "Bank of the United States", "Procter & Gamble". */
export const CONNECTORS: ReadonlySet<string> = new Set(
  'of the de del della der den des di da du dos la le las los von van y and & for on upon al bin ibn'.split(' '),
);

/** Abbreviations whose "." does not end a sentence ("Dr. Smith", "c. 1455", "approx. 4 kg"). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set(
  'mr mrs ms dr prof rev st jr sr vs etc approx gen col lt sgt capt mt no nos inc ltd co corp fig vol ca c op ed eds dept univ est'.split(' '),
);
