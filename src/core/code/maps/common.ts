/**
 * The shape of a per-language node-type map (pure data), and the pieces most languages share.
 * A language's map names tree-sitter node types (see the grammar's node-types.json) and the
 * token type they give; `compile.ts` turns a map into lookup tables indexed by node-type id.
 */
import type { CodeTokenType } from '../../types';

/** Token types a container node can impose on every token inside it ("kind" overrides). */
export type KindOverride = 'Comment' | 'Docstring' | 'Import' | 'TypeAnnotation';
/** Token types a container adds on top of each token's own type ("roles"; multi-type). */
export type Role = 'Signature' | 'Invocation';

export interface NodeTypeMap {
  /** Named leaf node types → own type. Unlisted named leaves fall back to NAME_PATTERNS, then Other. */
  leaves?: Record<string, CodeTokenType>;
  /** Node types kept as ONE token and not descended into (comments, string literals). */
  atomic?: readonly string[];
  /** Node types whose tokens all take this kind (overriding their own type) or gain this role. */
  containers?: Record<string, KindOverride | Role>;
  /** Parent node type ('*' = any parent) → field name → kind/role for the child's tokens. */
  fields?: Record<string, Record<string, KindOverride | Role>>;
  /**
   * Function-like declarations → name of their body field. Everything in the declaration that is
   * not in the body is Signature; the body is what the coarse step can elide to `⋯`.
   */
  functions?: Record<string, string>;
  /** Type declarations (class, struct, trait…) → body field: the header is Signature, never elided. */
  typeDeclarations?: Record<string, string>;
  /** Keywords (anonymous tokens) that are Structure; other word-like keywords are Other. */
  structure: readonly string[];
  /** Comments starting with one of these are Docstring (`/**`, `///`). */
  docCommentPrefixes?: readonly string[];
  /** Comments right above a function or type declaration (no blank line) are its Docstring (Go, Ruby…). */
  leadingCommentsAreDocs?: boolean;
  /** Python-style docstrings: the first statement of a module or of a function/class body, if a lone string. */
  docstring?: { module: string; statement: string; string: string };
  /** Block node types beyond BLOCK_TYPES (whose line-aligned children are statement units). */
  blocks?: readonly string[];
}

/**
 * Node types whose line-aligned named children are statements, members or declarations: the units
 * statement-level elision removes whole (statements.ts). Argument lists, arrays and objects are not
 * blocks, so nothing inside a kept statement is ever removed.
 */
export const BLOCK_TYPES = [
  // files
  'program',
  'module',
  'source_file',
  'translation_unit',
  'compilation_unit',
  // statement blocks and bodies
  'block',
  'statement_block',
  'statement_list',
  'compound_statement',
  'constructor_body',
  'body_statement',
  'block_body',
  'do_group',
  'then',
  'else',
  'begin',
  'ensure',
  // members
  'class_body',
  'interface_body',
  'enum_body',
  'enum_body_declarations',
  'declaration_list',
  'field_declaration_list',
  'enum_variant_list',
  'enum_declaration_list',
  'import_spec_list',
  // switch / match arms
  'switch_body',
  'switch_case',
  'switch_default',
  'switch_block',
  'switch_block_statement_group',
  'switch_section',
  'case_statement',
  'default_statement',
  'case_item',
  'match_block',
] as const;

/** Branches of compound statements (else/elif/catch…): their bodies hold units, they are not units. */
/**
 * Node types that belong to the declaration after them although the grammar makes them its siblings (Rust
 * `#[attr]`, decorators in TS class bodies, C++ `[[attr]]`): they join the next unit, so they go with it.
 */
export const ATTACHED_TYPES = ['attribute_item', 'decorator', 'attribute_declaration'];

export const BRANCH_TYPE = /clause|^else$|^elif|^elsif$|^then$|^when$|^rescue$|^ensure$|^in_clause$/;

/** Control-flow and structural keywords shared by most languages (CodePromptZip's Structure). */
export const STRUCTURE_KEYWORDS = [
  'if',
  'else',
  'elif',
  'elsif',
  'for',
  'foreach',
  'while',
  'do',
  'switch',
  'case',
  'default',
  'try',
  'catch',
  'except',
  'finally',
  'return',
  'break',
  'continue',
  'goto',
  'throw',
  'raise',
  'yield',
  'class',
  'struct',
  'interface',
  'enum',
  'match',
  'loop',
  'with',
  'unless',
  'until',
  'when',
  'select',
  'in',
  'then',
  'end',
  'begin',
  'rescue',
  'ensure',
  'defer',
  'go',
  'fi',
  'done',
  'esac',
  'trait',
  'impl',
  'union',
  'namespace',
  'module',
  'endif',
  'endforeach',
  'endwhile',
  'endfor',
  'endswitch',
  'await',
  'async',
] as const;

/** Generic rules for named leaf types a map does not list, tried in order (node-type name → type). */
export const NAME_PATTERNS: readonly [RegExp, CodeTokenType][] = [
  [/comment/, 'Comment'],
  [/identifier|^name$|^constant$|^variable_name$|^self$|^this$|^super$|^field$/, 'Identifier'],
  [/literal|number|integer|float|string|char|^true$|^false$|^null$|^nil$|^none$|^boolean$|^undefined$/, 'Literal'],
];

/** Symbols that only format (statement terminators and separators): a sub-class of Symbol presets can rank early. */
export const PUNCTUATION = [';', ','] as const;
