/** JavaScript / JSX (tree-sitter-javascript). Also the base of the TypeScript map. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const javascript: NodeTypeMap = {
  leaves: {
    property_identifier: 'Identifier',
    shorthand_property_identifier: 'Identifier',
    shorthand_property_identifier_pattern: 'Identifier',
    private_property_identifier: 'Identifier',
    statement_identifier: 'Identifier',
    this: 'Identifier',
    super: 'Identifier',
    regex_pattern: 'Literal',
    regex_flags: 'Literal',
    hash_bang_line: 'Comment',
    jsx_text: 'Literal',
  },
  atomic: ['comment', 'string', 'template_string', 'regex', 'html_comment'],
  containers: { import_statement: 'Import', decorator: 'Signature' },
  fields: {
    call_expression: { function: 'Invocation' },
    new_expression: { constructor: 'Invocation' as const },
  },
  functions: {
    function_declaration: 'body',
    function_expression: 'body',
    generator_function_declaration: 'body',
    generator_function: 'body',
    method_definition: 'body',
    arrow_function: 'body',
  },
  typeDeclarations: { class_declaration: 'body', class: 'body' },
  structure: [...STRUCTURE_KEYWORDS, 'of', 'extends'],
  docCommentPrefixes: ['/**'],
};
