import { AssetEventEntity } from '../../modules/assets/asset-event.entity';
import { AssetEntity } from '../../modules/assets/asset.entity';
import { BlobEntity } from '../../modules/assets/blob.entity';
import { ApiKeyEntity } from '../../modules/auth/api-key.entity';
import { WorkspaceEntity } from '../../modules/auth/workspace.entity';
import { UploadEntity } from '../../modules/ingest/upload.entity';
import { AssetEmbeddingEntity } from '../../modules/processing/asset-embedding.entity';
import { ProcessingStepEntity } from '../../modules/processing/processing-step.entity';
import { ProjectEntity } from '../../modules/projects/project.entity';
import { AssetTagEntity } from '../../modules/taxonomy/asset-tag.entity';
import { TermEntity } from '../../modules/taxonomy/term.entity';
import { VocabularyEntity } from '../../modules/taxonomy/vocabulary.entity';
import { StackEntity } from '../../modules/provenance/stack.entity';
import { CommentEntity } from '../../modules/review/comment.entity';
import { WebhookDeliveryEntity } from '../../modules/webhooks/webhook-delivery.entity';
import { WebhookEntity } from '../../modules/webhooks/webhook.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { SearchDocumentEntity, SearchFacetCountEntity, SearchLexiconEntity } from '../search/search-document.entity';
import { SearchJobEntity } from '../../modules/search/search-job.entity';

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
  VocabularyEntity,
  TermEntity,
  AssetTagEntity,
  AssetEmbeddingEntity,
  StackEntity,
  CommentEntity,
  SearchDocumentEntity,
  SearchLexiconEntity,
  SearchFacetCountEntity,
  SearchJobEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
