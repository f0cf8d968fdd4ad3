/** PHP with surrounding HTML (tree-sitter-php, the `php` grammar). */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const php: NodeTypeMap = {
  leaves: { name: 'Identifier', variable_name: 'Identifier', text: 'Literal', boolean: 'Literal', null: 'Literal', php_tag: 'Other' },
  atomic: ['comment', 'string', 'encapsed_string', 'heredoc', 'nowdoc', 'shell_command_expression'],
  containers: {
    namespace_use_declaration: 'Import',
    namespace_definition: 'Import',
    include_expression: 'Import',
    include_once_expression: 'Import',
    require_expression: 'Import',
    require_once_expression: 'Import',
    attribute_list: 'Signature',
  },
  fields: {
    function_call_expression: { function: 'Invocation' },
    member_call_expression: { object: 'Invocation', name: 'Invocation' },
    nullsafe_member_call_expression: { object: 'Invocation', name: 'Invocation' },
    scoped_call_expression: { scope: 'Invocation', name: 'Invocation' },
    object_creation_expression: { class: 'Invocation' } as Record<string, 'Invocation'>,
    '*': { type: 'TypeAnnotation', return_type: 'TypeAnnotation' },
  },
  functions: {
    function_definition: 'body',
    method_declaration: 'body',
    anonymous_function: 'body',
    arrow_function: 'body',
  },
  typeDeclarations: {
    class_declaration: 'body',
    interface_declaration: 'body',
    trait_declaration: 'body',
    enum_declaration: 'body',
  },
  structure: [...STRUCTURE_KEYWORDS, 'function', 'fn', 'elseif', 'endif', 'extends', 'implements', 'as'],
  docCommentPrefixes: ['/**'],
};
