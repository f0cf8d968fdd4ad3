/** C# (tree-sitter-c-sharp). `///` comments are docs. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const csharp: NodeTypeMap = {
  leaves: { this: 'Identifier', base: 'Identifier', predefined_type: 'Identifier', boolean_literal: 'Literal' },
  atomic: ['comment', 'string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression', 'character_literal'],
  containers: {
    using_directive: 'Import',
    type_argument_list: 'TypeAnnotation',
    type_parameter_list: 'TypeAnnotation',
    attribute_list: 'Signature',
  },
  fields: {
    invocation_expression: { function: 'Invocation' },
    object_creation_expression: { type: 'Invocation' },
    '*': { type: 'TypeAnnotation', returns: 'TypeAnnotation' },
  },
  functions: {
    method_declaration: 'body',
    constructor_declaration: 'body',
    local_function_statement: 'body',
    lambda_expression: 'body',
    accessor_declaration: 'body',
    operator_declaration: 'body',
  },
  typeDeclarations: {
    class_declaration: 'body',
    interface_declaration: 'body',
    struct_declaration: 'body',
    record_declaration: 'body',
    enum_declaration: 'body',
    namespace_declaration: 'body',
  },
  structure: [...STRUCTURE_KEYWORDS, 'using', 'lock', 'checked', 'unchecked', 'fixed', 'where', 'record'],
  docCommentPrefixes: ['///', '/**'],
};
