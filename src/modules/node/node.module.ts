import { Global, Module } from '@nestjs/common';
import { NodeRegistry } from './node-registry';
import { NodeResolver } from './node.resolver';

/** Global so every feature module can register its node type; the module itself knows none of them. */
@Global()
@Module({ providers: [NodeRegistry, NodeResolver], exports: [NodeRegistry] })
export class NodeModule {}
