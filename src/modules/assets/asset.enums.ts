import { registerEnumType } from '../../common/graphql/schema.decorators';

export enum AssetKind {
  IMAGE = 'image',
  VIDEO = 'video',
  OTHER = 'other',
}
registerEnumType(AssetKind, { name: 'AssetKind' });

export enum AssetStatus {
  DRAFT = 'draft',
  IN_REVIEW = 'in_review',
  APPROVED = 'approved',
  CHANGES_REQUESTED = 'changes_requested',
  REJECTED = 'rejected',
  ARCHIVED = 'archived',
}
registerEnumType(AssetStatus, { name: 'AssetStatus' });

export enum DerivationOperation {
  VARIATION = 'variation',
  INPAINT = 'inpaint',
  OUTPAINT = 'outpaint',
  UPSCALE = 'upscale',
  IMG2IMG = 'img2img',
  STYLE_TRANSFER = 'style_transfer',
  EDIT = 'edit',
  IMPORT = 'import',
}
registerEnumType(DerivationOperation, { name: 'DerivationOperation' });
