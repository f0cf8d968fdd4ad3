/** Ruby (tree-sitter-ruby). Comments right above a `def`/`class` are its docs. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const ruby: NodeTypeMap = {
  leaves: {
    constant: 'Identifier',
    instance_variable: 'Identifier',
    class_variable: 'Identifier',
    global_variable: 'Identifier',
    self: 'Identifier',
    super: 'Identifier',
    simple_symbol: 'Literal',
    hash_key_symbol: 'Identifier',
    true: 'Literal',
    false: 'Literal',
    nil: 'Literal',
  },
  atomic: ['comment', 'string', 'simple_symbol', 'delimited_symbol', 'character', 'regex', 'heredoc_body', 'string_array', 'symbol_array', 'subshell'],
  fields: { call: { method: 'Invocation', receiver: 'Invocation' } },
  functions: { method: 'body', singleton_method: 'body', do_block: 'body', block: 'body', lambda: 'body' },
  typeDeclarations: { class: 'body', module: 'body', singleton_class: 'body' },
  structure: [...STRUCTURE_KEYWORDS, 'def', 'redo', 'retry', 'next', 'alias', 'undef', 'defined?'],
  leadingCommentsAreDocs: true,
};
