/** C++ (tree-sitter-cpp): the C map plus classes, namespaces, lambdas and templates. */
import { c } from './c';
import type { NodeTypeMap } from './common';

export const cpp: NodeTypeMap = {
  ...c,
  leaves: { ...c.leaves, namespace_identifier: 'Identifier', this: 'Identifier', nullptr: 'Literal' },
  atomic: [...(c.atomic ?? []), 'raw_string_literal'],
  containers: {
    ...c.containers,
    using_declaration: 'Import',
    template_argument_list: 'TypeAnnotation',
    template_parameter_list: 'TypeAnnotation',
  },
  functions: { ...c.functions, lambda_expression: 'body' },
  typeDeclarations: { ...c.typeDeclarations, class_specifier: 'body', namespace_definition: 'body' },
  structure: [...c.structure, 'template', 'typename', 'co_return', 'co_await', 'co_yield', 'operator', 'public', 'private', 'protected'],
};
