import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '../../common/graphql/schema.decorators';

export enum ProcessingState {
  QUEUED = 'queued',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
  SKIPPED = 'skipped',
}
registerEnumType(ProcessingState, { name: 'ProcessingState' });

@ObjectType('ProcessingStep')
export class ProcessingStepObject {
  @Field(() => String) name: string;
  @Field(() => ProcessingState) state: ProcessingState;
  @Field(() => String, { nullable: true, description: 'Why the step failed or was skipped' }) error: string | null;
  @Field(() => Int, { nullable: true }) attempts: number | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Bumped by every reprocess' }) run?: number | null;
  @Field(() => String, { nullable: true, description: 'Implementation/provider version that produced the result' }) producerVersion?: string | null;
}

@ObjectType('Processing')
export class ProcessingObject {
  @Field(() => ProcessingState) state: ProcessingState;
  @Field(() => [ProcessingStepObject]) steps: ProcessingStepObject[];
}

@ObjectType('PaletteColor')
export class PaletteColorObject {
  @Field(() => String) hex: string;
  @Field(() => Float) weight: number;
  @Field(() => String, { description: 'Colour bucket: red, orange, yellow, green, teal, blue, purple, pink, brown, black, white, grey' }) name: string;
}

@InputType('ReprocessAssetsInput')
export class ReprocessAssetsInput {
  @Field(() => [ID]) assetIds: string[];
  @Field(() => [String], { nullable: true, description: 'Steps to re-run (their downstream steps re-run too); all when omitted' }) steps?: string[] | null;
}
