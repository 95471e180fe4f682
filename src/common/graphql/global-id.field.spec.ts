import { buildSchema, graphqlSync } from 'graphql';
import { fromGlobalId } from './global-id';
import { GlobalIdField, withGlobalIds } from './global-id.field';

describe('GlobalIdField', () => {
  // As an object type's property decorator would: registers the type for withGlobalIds.
  GlobalIdField('Stack');

  it('resolves the declared type\'s id to the global id of the source\'s uuid, synchronously', () => {
    const schema = withGlobalIds(buildSchema('type Stack { id: ID! } type Query { stack: Stack }'));
    const uuid = '6f1c1c5e-3d5e-4a3e-9d43-2f1f0f4f9a10';
    const result = graphqlSync({ schema, source: '{ stack { id } }', rootValue: { stack: { id: uuid } } });
    expect(result.errors).toBeUndefined();
    const id = (result.data as { stack: { id: string } }).stack.id;
    expect(fromGlobalId(id)).toEqual({ type: 'Stack', id: uuid });
  });

  it('fails at schema build when a declared type has no id field', () => {
    expect(() => withGlobalIds(buildSchema('type Query { ok: Boolean }'))).toThrow('GlobalIdField: the schema has no field Stack.id');
  });
});
