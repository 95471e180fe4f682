import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { AssetsModule } from '../assets/assets.module';
import { LineageResolver } from './lineage.resolver';
import { LineageService } from './lineage.service';
import { StackEntity } from './stack.entity';
import { AssetStackFieldResolver, StackResolver } from './stack.resolver';
import { StackService } from './stack.service';

/** Provenance and lineage: parent links (cycle-checked), lineage, stacks, asset.provenance. */
@Module({
  imports: [AssetsModule],
  providers: [LineageService, StackService, LineageResolver, StackResolver, AssetStackFieldResolver],
  exports: [LineageService, StackService],
})
export class ProvenanceModule {
  constructor(registry: NodeRegistry, stacks: StackService) {
    registry.register('Stack', { returns: StackEntity, load: async (me, id) => (await stacks.stacksByIds(me.workspaceId, [id]))[0] ?? null });
  }
}
