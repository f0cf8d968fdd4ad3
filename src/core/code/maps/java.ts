/** Java (tree-sitter-java): the paper's language. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const java: NodeTypeMap = {
  leaves: { this: 'Identifier', super: 'Identifier', type_identifier: 'Identifier', true: 'Literal', false: 'Literal' },
  atomic: ['line_comment', 'block_comment', 'string_literal', 'character_literal', 'text_block'],
  containers: {
    import_declaration: 'Import',
    package_declaration: 'Import',
    type_arguments: 'TypeAnnotation',
    type_parameters: 'TypeAnnotation',
  },
  fields: {
    method_invocation: { object: 'Invocation', name: 'Invocation' },
    object_creation_expression: { type: 'Invocation' },
    local_variable_declaration: { type: 'TypeAnnotation' },
    field_declaration: { type: 'TypeAnnotation' },
    formal_parameter: { type: 'TypeAnnotation' },
    catch_formal_parameter: { type: 'TypeAnnotation' } as Record<string, 'TypeAnnotation'>,
    cast_expression: { type: 'TypeAnnotation' },
    method_declaration: { type: 'TypeAnnotation' },
  },
  functions: {
    method_declaration: 'body',
    constructor_declaration: 'body',
    compact_constructor_declaration: 'body',
    lambda_expression: 'body',
  },
  typeDeclarations: {
    class_declaration: 'body',
    interface_declaration: 'body',
    enum_declaration: 'body',
    record_declaration: 'body',
    annotation_type_declaration: 'body',
  },
  structure: [...STRUCTURE_KEYWORDS, 'synchronized', 'assert', 'extends', 'implements', 'throws'],
  docCommentPrefixes: ['/**'],
};
