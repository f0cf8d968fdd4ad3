/** Rust (tree-sitter-rust). `///` and `//!` comments are docs. */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const rust: NodeTypeMap = {
  leaves: {
    field_identifier: 'Identifier',
    type_identifier: 'Identifier',
    primitive_type: 'Identifier',
    self: 'Identifier',
    crate: 'Identifier',
    super: 'Identifier',
    shorthand_field_identifier: 'Identifier',
    lifetime: 'TypeAnnotation',
    true: 'Literal',
    false: 'Literal',
  },
  atomic: ['line_comment', 'block_comment', 'string_literal', 'raw_string_literal', 'char_literal'],
  containers: {
    use_declaration: 'Import',
    extern_crate_declaration: 'Import',
    type_arguments: 'TypeAnnotation',
    type_parameters: 'TypeAnnotation',
    attribute_item: 'Signature',
  },
  fields: {
    call_expression: { function: 'Invocation' },
    macro_invocation: { macro: 'Invocation' },
    '*': { type: 'TypeAnnotation', return_type: 'TypeAnnotation' },
  },
  functions: { function_item: 'body', closure_expression: 'body', function_signature_item: '' },
  typeDeclarations: {
    struct_item: 'body',
    enum_item: 'body',
    trait_item: 'body',
    impl_item: 'body',
    union_item: 'body',
    mod_item: 'body',
  },
  structure: [...STRUCTURE_KEYWORDS, 'fn', 'let', 'mod', 'where', 'unsafe'],
  docCommentPrefixes: ['///', '//!', '/**', '/*!'],
};
