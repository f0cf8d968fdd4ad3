/** TypeScript and TSX (tree-sitter-typescript): the JavaScript map plus types. */
import type { NodeTypeMap } from './common';
import { javascript } from './javascript';

export const typescript: NodeTypeMap = {
  ...javascript,
  leaves: { ...javascript.leaves, type_identifier: 'Identifier', predefined_type: 'Identifier' },
  containers: {
    ...javascript.containers,
    type_annotation: 'TypeAnnotation',
    type_arguments: 'TypeAnnotation',
    type_parameters: 'TypeAnnotation',
    import_alias: 'Import',
  },
  fields: {
    ...javascript.fields,
    type_alias_declaration: { value: 'TypeAnnotation' },
    as_expression: { type: 'TypeAnnotation' } as Record<string, 'TypeAnnotation'>,
  },
  functions: {
    ...javascript.functions,
    function_signature: '',
    method_signature: '',
    abstract_method_signature: '',
  },
  typeDeclarations: {
    ...javascript.typeDeclarations,
    abstract_class_declaration: 'body',
    interface_declaration: 'body',
    enum_declaration: 'body',
    module: 'body',
    internal_module: 'body',
  },
  structure: [...javascript.structure, 'implements', 'satisfies', 'keyof', 'infer', 'is'],
};
