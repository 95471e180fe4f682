import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

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
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int, { nullable: true }) attempts: number | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('Processing')
export class ProcessingObject {
  @Field(() => ProcessingState) state: ProcessingState;
  @Field(() => [ProcessingStepObject]) steps: ProcessingStepObject[];
}
