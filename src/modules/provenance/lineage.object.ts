import { createUnionType, Field, Int, ObjectType } from '../../common/graphql/schema.decorators';
import { ErrorResult, ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { AssetEntity } from '../assets/asset.entity';
import { DerivationOperation } from '../assets/asset.enums';
import { AssetObject } from '../assets/asset.object';

@ObjectType('LineageEdge')
export class LineageEdgeObject {
  @Field(() => AssetObject) parent: AssetEntity;
  @Field(() => AssetObject) child: AssetEntity;
  @Field(() => DerivationOperation, { nullable: true }) operation: DerivationOperation | null;
}

@ObjectType('Lineage')
export class LineageObject {
  @Field(() => [AssetObject], { description: 'Nearest first: parent, grandparent, …' }) ancestors: AssetEntity[];
  @Field(() => [AssetObject], { description: 'Breadth-first: children, grandchildren, …' }) descendants: AssetEntity[];
  @Field(() => [LineageEdgeObject]) edges: LineageEdgeObject[];
  @Field(() => Int, { description: 'The depth served (requests are clamped to 10)' }) depth: number;
  @Field(() => Boolean, { description: 'More ancestors exist beyond depth' }) ancestorsTruncated: boolean;
  @Field(() => Boolean, { description: 'More descendants exist beyond depth' }) descendantsTruncated: boolean;
}

@ObjectType({ implements: () => [ErrorResult] })
export class LineageCycleError implements ErrorResult {
  @Field(() => String) code = 'LINEAGE_CYCLE';
  @Field(() => String) message: string;
  constructor(message = 'this parent link would make the asset its own ancestor') {
    this.message = message;
  }
}

export const SetAssetParentResult = createUnionType({
  name: 'SetAssetParentResult',
  types: () => [AssetObject, NotFoundError, ForbiddenForRoleError, LineageCycleError] as const,
  resolveType: (value: object) => (value instanceof AssetEntity ? AssetObject : (value.constructor as never)),
});
