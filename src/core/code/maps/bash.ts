/** Shell scripts (tree-sitter-bash). Commands are invocations. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const bash: NodeTypeMap = {
  leaves: { word: 'Identifier', variable_name: 'Identifier', special_variable_name: 'Identifier', file_descriptor: 'Literal' },
  atomic: ['comment', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'heredoc_body', 'heredoc_start', 'heredoc_end', 'regex'],
  fields: { command: { name: 'Invocation' } },
  functions: { function_definition: 'body' },
  structure: [...STRUCTURE_KEYWORDS, 'function', 'elif', 'local', 'declare', 'export', 'readonly', 'unset'],
  leadingCommentsAreDocs: true,
  blocks: ['if_statement', 'elif_clause', 'else_clause'],
};
