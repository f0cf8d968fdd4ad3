/** Python (tree-sitter-python). */
import { STRUCTURE_KEYWORDS, type NodeTypeMap } from './common';

export const python: NodeTypeMap = {
  leaves: { true: 'Literal', false: 'Literal', none: 'Literal', ellipsis: 'Literal' },
  atomic: ['comment', 'string', 'concatenated_string'],
  containers: {
    import_statement: 'Import',
    import_from_statement: 'Import',
    future_import_statement: 'Import',
    type: 'TypeAnnotation',
    decorator: 'Signature',
  },
  fields: {
    call: { function: 'Invocation' },
    function_definition: { return_type: 'TypeAnnotation' },
  },
  functions: { function_definition: 'body', lambda: 'body' },
  typeDeclarations: { class_definition: 'body' },
  structure: [...STRUCTURE_KEYWORDS, 'def', 'lambda', 'pass', 'assert', 'del', 'global', 'nonlocal'],
  docstring: { module: 'module', statement: 'expression_statement', string: 'string' },
};
