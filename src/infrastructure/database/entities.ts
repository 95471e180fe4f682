import { AssetEventEntity } from '../../modules/assets/asset-event.entity';
import { AssetEntity } from '../../modules/assets/asset.entity';
import { BlobEntity } from '../../modules/assets/blob.entity';
import { ApiKeyEntity } from '../../modules/auth/api-key.entity';
import { WorkspaceEntity } from '../../modules/auth/workspace.entity';
import { UploadEntity } from '../../modules/ingest/upload.entity';
import { ProcessingStepEntity } from '../../modules/processing/processing-step.entity';
import { ProjectEntity } from '../../modules/projects/project.entity';
import { OutboxEntity } from '../outbox/outbox.entity';

/** Every entity, in one list: the data source and the entity/migration agreement check use it. */
export const ENTITIES = [
  WorkspaceEntity,
  ApiKeyEntity,
  ProjectEntity,
  BlobEntity,
  AssetEntity,
  AssetEventEntity,
  OutboxEntity,
  UploadEntity,
  ProcessingStepEntity,
];
