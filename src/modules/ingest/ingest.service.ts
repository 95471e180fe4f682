import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { badUserInput, notFound } from '../../common/errors/app-errors';
import { idOf } from '../../common/graphql/global-id';
import { signToken } from '../../common/signed-token';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { appendAssetEvent } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { DerivationOperation } from '../assets/asset.enums';
import { AssetService } from '../assets/asset.service';
import { BlobEntity } from '../assets/blob.entity';
import { Generation, GenerationSources, GENERATION_FIELDS } from '../assets/generation';
import type { Principal } from '../auth/principal';
import { ProcessingService } from '../processing/processing.service';
import { ProjectService } from '../projects/project.service';
import { StackService } from '../provenance/stack.service';
import { ContentInspector, ContentTooLargeError } from './content-inspector';
import { CreateUploadInput, GenerationInput } from './ingest.inputs';
import {
  HashMismatchError, IngestError, SizeMismatchError, TooLargeError, UnsupportedTypeError, UploadNotFoundError,
} from './ingest.results';
import { ALLOWED_MIME_TYPES, kindOf, sniffMime } from './media-types';
import { UploadEntity } from './upload.entity';

export interface AssetMetadata {
  title?: string | null;
  generation?: GenerationInput | null;
  parentId?: string | null;
  operation?: DerivationOperation | null;
}

/** What we know about bytes sitting in storage under a temporary key, once verified. */
interface VerifiedContent {
  tempKey: string | null;
  sha256: string;
  size: number;
  mime: string;
  filename: string | null;
}

export interface UploadTicket {
  uploadId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: Date;
  alreadyStored: boolean;
}

/**
 * Pending-upload bookkeeping commits without waiting for the WAL flush: a database crash can lose at
 * most the last fraction of a second of it, which only means a client re-creates an upload (or
 * completeUpload re-reads the bytes instead of trusting the measured hash). The asset itself is
 * always written with full durability. set_config(..., true) is transaction-local, and a single
 * statement is its own transaction: the relaxed commit costs one round trip instead of
 * BEGIN / SET LOCAL / write / COMMIT.
 */
const RELAXED_DURABILITY = `SELECT set_config('synchronous_commit', 'off', true)`;

const CREATE_UPLOAD_SQL = `
  WITH relaxed AS (${RELAXED_DURABILITY}),
  ins AS (
    INSERT INTO upload (id, workspace_id, project_id, filename, content_type, declared_size, declared_sha256, temp_key, expires_at, created_by)
    SELECT $1, p.workspace_id, p.id, $4, $5, $6, $7::char(64), $8, $9, $10
      FROM project p, relaxed
     WHERE p.workspace_id = $2 AND p.id = $3
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM ins) AS created,
         ($7::char(64) IS NOT NULL AND EXISTS (SELECT 1 FROM blob b WHERE b.workspace_id = $2 AND b.sha256 = $7::char(64))) AS already_stored`;

const RECORD_RECEIVED_SQL = `
  WITH relaxed AS (${RELAXED_DURABILITY})
  UPDATE upload SET received_sha256 = $2, received_size = $3, received_mime = $4 FROM relaxed WHERE id = $1`;

export function blobKey(sha256: string): string {
  return `originals/${sha256.slice(0, 2)}/${sha256}`;
}

/** Ingest: uploads (presigned or api-signed PUT), URL imports, and turning verified bytes into an asset. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('Ingest');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StoragePort,
    private readonly projects: ProjectService,
    private readonly assets: AssetService,
    private readonly processing: ProcessingService,
    private readonly outbox: OutboxService,
    private readonly stacks: StackService,
  ) {}

  async createUpload(me: Principal, input: CreateUploadInput): Promise<UploadTicket> {
    if (input.size > this.config.maxUploadBytes) {
      await this.requireProject(me, input.projectId); // an unknown project still answers notFound first
      throw badUserInput(`size ${input.size} exceeds the upload limit of ${this.config.maxUploadBytes} bytes`, { field: 'size' });
    }
    const projectId = idOf('Project', input.projectId);
    if (!projectId) throw notFound('project');
    const sha256 = input.sha256?.toLowerCase() ?? null;
    const id = randomUUID();
    const tempKey = `uploads/${me.workspaceId}/${id}`;
    const expiresAt = new Date(Date.now() + this.config.uploadUrlTtlSeconds * 1000);
    // One round trip: the project check (same workspace), the upload row and the dedup probe.
    const [row]: { created: boolean; already_stored: boolean }[] = await this.db.query(CREATE_UPLOAD_SQL, [
      id, me.workspaceId, projectId, input.filename, input.contentType, input.size, sha256, tempKey, expiresAt, me.id,
    ]);
    if (!row?.created) throw notFound('project');
    const alreadyStored = row.already_stored;
    const presigned = await this.storage.presignPut(tempKey, this.config.uploadUrlTtlSeconds);
    if (presigned) {
      return { uploadId: id, url: presigned.url, method: 'PUT', headers: presigned.headers, expiresAt, alreadyStored };
    }
    const token = signToken({ u: id }, this.config.signingSecret, expiresAt);
    return { uploadId: id, url: `${this.config.publicUrl}/uploads/${token}`, method: 'PUT', headers: {}, expiresAt, alreadyStored };
  }

  /**
   * The api's own upload endpoint (fs driver): streams to storage while hashing, so completeUpload
   * does not read the bytes again. Returns null when the upload is unknown, done or expired.
   */
  async receiveUpload(uploadId: string, body: Readable): Promise<{ sha256: string; size: number } | null> {
    const upload = await this.db.getRepository(UploadEntity).findOneBy({ id: uploadId });
    if (!upload || upload.completedAt || upload.expiresAt.getTime() < Date.now()) return null;
    const inspector = new ContentInspector(this.config.maxUploadBytes);
    try {
      await this.storage.put(upload.tempKey, body.pipe(inspector));
    } catch (err) {
      await this.storage.delete(upload.tempKey).catch(() => undefined);
      throw err instanceof ContentTooLargeError ? new TooLargeError(err.maxBytes) : err;
    }
    const sha256 = inspector.digest();
    const mime = (await sniffMime(inspector.head)) ?? 'application/octet-stream';
    await this.db.query(RECORD_RECEIVED_SQL, [uploadId, sha256, inspector.bytes, mime]);
    return { sha256, size: inspector.bytes };
  }

  async completeUpload(me: Principal, uploadGlobalId: string, meta: AssetMetadata): Promise<AssetEntity | IngestError | UploadNotFoundError> {
    const upload = await this.findOpenUpload(me, uploadGlobalId);
    if (!upload) return new UploadNotFoundError('no open upload with that id in this workspace (unknown, expired or already completed)');
    const parent = await this.validateLineage(me, meta);

    const content = await this.verifyUpload(upload);
    if (content instanceof UploadNotFoundError) return content;
    const problem = this.check(content, { size: upload.declaredSize, sha256: upload.declaredSha256 });
    if (problem) {
      await this.discardUpload(upload);
      return problem;
    }
    return this.createAsset(me, upload.projectId, content, meta, parent, upload);
  }

  /** Reads the uploaded object (when the api did not receive it itself) to verify hash, size and type. */
  private async verifyUpload(upload: UploadEntity): Promise<VerifiedContent | UploadNotFoundError> {
    if (upload.receivedSha256 && upload.receivedSize !== null && upload.receivedMime) {
      return { tempKey: upload.tempKey, sha256: upload.receivedSha256, size: upload.receivedSize, mime: upload.receivedMime, filename: upload.filename };
    }
    const stat = await this.storage.stat(upload.tempKey);
    if (!stat) {
      // Nothing uploaded: fine only when the declared hash names bytes this workspace already stores.
      const blob = upload.declaredSha256 ? await this.assets.findBlobBySha(upload.workspaceId, upload.declaredSha256) : null;
      if (!blob) return new UploadNotFoundError('no bytes were uploaded for this upload');
      return { tempKey: null, sha256: blob.sha256, size: blob.size, mime: blob.mime, filename: upload.filename };
    }
    if (stat.size > this.config.maxUploadBytes) {
      return { tempKey: upload.tempKey, sha256: '', size: stat.size, mime: '', filename: upload.filename };
    }
    const inspector = new ContentInspector(this.config.maxUploadBytes);
    const stream = (await this.storage.get(upload.tempKey)).pipe(inspector);
    for await (const _chunk of stream) {
      // drain: the inspector hashes and sniffs as bytes pass
    }
    return {
      tempKey: upload.tempKey,
      sha256: inspector.digest(),
      size: inspector.bytes,
      mime: (await sniffMime(inspector.head)) ?? 'application/octet-stream',
      filename: upload.filename,
    };
  }

  /** Size cap, declared size and hash, and an allow-listed type sniffed from the bytes. */
  check(content: VerifiedContent, declared: { size?: number | null; sha256?: string | null }): IngestError | null {
    if (content.size > this.config.maxUploadBytes) return new TooLargeError(this.config.maxUploadBytes, content.size);
    if (declared.size != null && declared.size !== content.size) return new SizeMismatchError(declared.size, content.size);
    if (declared.sha256 && declared.sha256 !== content.sha256) return new HashMismatchError(declared.sha256, content.sha256);
    if (!kindOf(content.mime)) {
      return new UnsupportedTypeError(content.mime === 'application/octet-stream' ? null : content.mime, Object.keys(ALLOWED_MIME_TYPES));
    }
    return null;
  }

  /**
   * Moves verified bytes to their content-addressed key (once per hash) and writes blob, asset,
   * INGESTED event, outbox row and pipeline plan in one transaction; jobs are queued after commit.
   */
  async createAsset(
    me: Principal,
    projectId: string,
    content: VerifiedContent,
    meta: AssetMetadata,
    parent: AssetEntity | null,
    upload?: UploadEntity,
  ): Promise<AssetEntity | UploadNotFoundError> {
    const key = blobKey(content.sha256);
    // Content-addressed: the first copy of these bytes moves into place; later ones are dropped.
    if (content.tempKey) {
      if (await this.storage.stat(key)) await this.storage.delete(content.tempKey);
      else await this.storage.move(content.tempKey, key);
    }
    const { generation, sources } = clientGeneration(meta.generation);
    const assetId = randomUUID();
    const asset = await this.db.transaction(async (tx) => {
      if (upload) {
        const claimed = await tx
          .createQueryBuilder()
          .update(UploadEntity)
          .set({ completedAt: () => 'now()', assetId })
          .where('id = :id AND completed_at IS NULL', { id: upload.id })
          .execute();
        if (!claimed.affected) return null; // a concurrent completeUpload won
      }
      const blob = await this.upsertBlob(tx, {
        id: randomUUID(), workspaceId: me.workspaceId, sha256: content.sha256, size: content.size, mime: content.mime, storageKey: key,
      });
      const entity = tx.create(AssetEntity, {
        id: assetId,
        workspaceId: me.workspaceId,
        projectId,
        blobId: blob.id,
        kind: kindOf(blob.mime)!,
        title: meta.title?.trim() || null,
        originalFilename: content.filename,
        generation,
        generationSources: sources,
        parentId: parent?.id ?? null,
        operation: meta.operation ?? null,
        parentSource: parent ? 'client' : null,
        createdBy: me.id,
      });
      await tx.insert(AssetEntity, entity as QueryDeepPartialEntity<AssetEntity>);
      await appendAssetEvent(tx, {
        workspaceId: me.workspaceId, projectId, assetId: entity.id, type: 'INGESTED', actorId: me.id,
        data: { sha256: blob.sha256, size: blob.size, mime: blob.mime, filename: content.filename, parentId: entity.parentId, operation: entity.operation },
      });
      await this.outbox.write(tx, { workspaceId: me.workspaceId, topic: 'asset.ingested', aggregateId: entity.id });
      await this.processing.plan(tx, entity, blob.sha256);
      // A VARIATION of a parent joins the parent's stack in the same transaction.
      await this.stacks.joinParentStack(tx, entity, me.id);
      return entity;
    });
    if (!asset) return new UploadNotFoundError('this upload was already completed');
    await this.processing.enqueueReady([asset.id]).catch((err: Error) => {
      // The step rows stay 'queued'; the reconciler enqueues them once the queue is reachable.
      this.logger.warn(`could not enqueue processing for ${asset.id}: ${err.message}`);
    });
    return asset; // insert() filled the database defaults (status, timestamps, version) via RETURNING
  }

  /** The workspace's blob for these bytes: inserted, or the existing one, in one round trip. */
  private async upsertBlob(tx: EntityManager, b: Omit<BlobEntity, 'createdAt'>): Promise<BlobEntity> {
    let [row] = await tx.query(
      `WITH ins AS (
         INSERT INTO blob (id, workspace_id, sha256, size, mime, storage_key) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace_id, sha256) DO NOTHING RETURNING *)
       SELECT * FROM ins UNION ALL SELECT * FROM blob WHERE workspace_id = $2 AND sha256 = $3 LIMIT 1`,
      [b.id, b.workspaceId, b.sha256, b.size, b.mime, b.storageKey],
    );
    // A concurrent ingest of the same bytes committed after this statement's snapshot: read it now.
    row ??= (await tx.query(`SELECT * FROM blob WHERE workspace_id = $1 AND sha256 = $2`, [b.workspaceId, b.sha256]))[0];
    return tx.create(BlobEntity, {
      id: row.id, workspaceId: row.workspace_id, sha256: row.sha256, size: Number(row.size), mime: row.mime, storageKey: row.storage_key, createdAt: row.created_at,
    });
  }

  async requireProject(me: Principal, projectGlobalId: string): Promise<string> {
    const id = idOf('Project', projectGlobalId);
    const project = id ? await this.projects.findById(me.workspaceId, id) : null;
    if (!project) throw notFound('project');
    return project.id;
  }

  /** The parent must be an asset of this workspace; an operation without a parent is meaningless except IMPORT. */
  async validateLineage(me: Principal, meta: AssetMetadata): Promise<AssetEntity | null> {
    if (!meta.parentId) {
      if (meta.operation && meta.operation !== DerivationOperation.IMPORT) {
        throw badUserInput(`operation ${meta.operation.toUpperCase()} needs a parentId`, { field: 'operation' });
      }
      return null;
    }
    const id = idOf('Asset', meta.parentId);
    const parent = id ? await this.assets.findById(me.workspaceId, id) : null;
    if (!parent) throw badUserInput('parentId does not name an asset in this workspace', { field: 'parentId' });
    return parent;
  }

  private async findOpenUpload(me: Principal, uploadId: string): Promise<UploadEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(uploadId)) return null;
    const upload = await this.db.getRepository(UploadEntity).findOneBy({ id: uploadId, workspaceId: me.workspaceId });
    if (!upload || upload.completedAt || upload.expiresAt.getTime() < Date.now()) return null;
    return upload;
  }

  private async discardUpload(upload: UploadEntity): Promise<void> {
    await this.storage.delete(upload.tempKey).catch(() => undefined);
    await this.db.getRepository(UploadEntity).delete({ id: upload.id });
  }
}

function clientGeneration(input: GenerationInput | null | undefined): { generation: Generation; sources: GenerationSources } {
  const generation: Generation = {};
  const sources: GenerationSources = {};
  if (!input) return { generation, sources };
  for (const field of GENERATION_FIELDS) {
    const v = (input as Record<string, unknown>)[field];
    if (v === undefined || v === null || v === '') continue;
    (generation as Record<string, unknown>)[field] = v;
    sources[field] = 'client';
  }
  return { generation, sources };
}
