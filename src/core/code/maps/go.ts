/** Go (tree-sitter-go). Doc comments are the comments right above a declaration. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const go: NodeTypeMap = {
  leaves: {
    field_identifier: 'Identifier',
    package_identifier: 'Identifier',
    type_identifier: 'Identifier',
    label_name: 'Identifier',
    true: 'Literal',
    false: 'Literal',
    nil: 'Literal',
    iota: 'Literal',
  },
  atomic: ['comment', 'interpreted_string_literal', 'raw_string_literal', 'rune_literal'],
  containers: { import_declaration: 'Import', package_clause: 'Import', type_arguments: 'TypeAnnotation' },
  fields: {
    call_expression: { function: 'Invocation' },
    parameter_declaration: { type: 'TypeAnnotation' },
    variadic_parameter_declaration: { type: 'TypeAnnotation' },
    var_spec: { type: 'TypeAnnotation' },
    const_spec: { type: 'TypeAnnotation' },
    field_declaration: { type: 'TypeAnnotation' },
    function_declaration: { result: 'TypeAnnotation' },
    method_declaration: { result: 'TypeAnnotation' },
    func_literal: { result: 'TypeAnnotation' },
    type_assertion_expression: { type: 'TypeAnnotation' },
  },
  functions: { function_declaration: 'body', method_declaration: 'body', func_literal: 'body' },
  typeDeclarations: { type_declaration: '' },
  structure: [...STRUCTURE_KEYWORDS, 'func', 'range', 'fallthrough', 'chan', 'map', 'type'],
  leadingCommentsAreDocs: true,
};
