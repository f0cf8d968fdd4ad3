/** C (tree-sitter-c). Also the base of the C++ map. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const c: NodeTypeMap = {
  leaves: {
    field_identifier: 'Identifier',
    type_identifier: 'Identifier',
    primitive_type: 'Identifier',
    statement_identifier: 'Identifier',
    system_lib_string: 'Literal',
    true: 'Literal',
    false: 'Literal',
    null: 'Literal',
  },
  atomic: ['comment', 'string_literal', 'char_literal', 'system_lib_string', 'concatenated_string'],
  containers: { preproc_include: 'Import' },
  fields: {
    call_expression: { function: 'Invocation' },
    '*': { type: 'TypeAnnotation' },
  },
  functions: { function_definition: 'body' },
  typeDeclarations: { struct_specifier: 'body', union_specifier: 'body', enum_specifier: 'body' },
  structure: [...STRUCTURE_KEYWORDS, 'typedef', 'sizeof'],
  docCommentPrefixes: ['/**', '///', '/*!', '//!'],
  leadingCommentsAreDocs: true,
};
