/**
 * The asset review status machine: every allowed transition, who may take it, and what it
 * changes. Pure TypeScript (no NestJS, no I/O) so the rules are testable exhaustively and
 * the service, resolvers and workers all ask the same table.
 *
 * Values are the lowercase strings stored in Postgres; the TS enums `AssetStatus`
 * (assets/asset.enums.ts) and `Role` (auth/role.ts) have exactly these values, so their
 * members are assignable to the unions below.
 */

export type AssetStatus = 'draft' | 'in_review' | 'approved' | 'changes_requested' | 'rejected' | 'archived';
export type Role = 'viewer' | 'contributor' | 'approver' | 'admin';

export const ASSET_STATUSES: readonly AssetStatus[] = [
  'draft',
  'in_review',
  'approved',
  'changes_requested',
  'rejected',
  'archived',
];
export const ROLES: readonly Role[] = ['viewer', 'contributor', 'approver', 'admin'];

export const REASON_MAX_LENGTH = 2000;

/** What a transition means to a person; used for event names, audit text and webhooks. */
export type TransitionAction = 'submit' | 'approve' | 'request_changes' | 'reject' | 'reopen' | 'archive' | 'restore';

/**
 * Who may take an action:
 * - 'owner': contributors on their own assets; approvers and admins on any asset.
 * - 'approver': approvers and admins only.
 */
type Permission = 'owner' | 'approver';

interface TransitionRule {
  action: TransitionAction;
  permission: Permission;
  reasonRequired: boolean;
}

const PERMISSION: Record<TransitionAction, Permission> = {
  submit: 'owner',
  archive: 'owner',
  restore: 'owner',
  approve: 'approver',
  request_changes: 'approver',
  reject: 'approver',
  reopen: 'approver',
};

// Negative outcomes must explain themselves to the author, so they carry a reason.
const REASON_REQUIRED_FOR: ReadonlySet<AssetStatus> = new Set<AssetStatus>(['rejected', 'changes_requested']);

function rule(action: TransitionAction, to: AssetStatus): TransitionRule {
  return { action, permission: PERMISSION[action], reasonRequired: REASON_REQUIRED_FOR.has(to) };
}

/** The whole graph in one place: from → to → rule. A missing entry is a forbidden edge. */
const TRANSITIONS: Readonly<Record<AssetStatus, Partial<Record<AssetStatus, TransitionRule>>>> = {
  draft: { in_review: rule('submit', 'in_review'), archived: rule('archive', 'archived') },
  in_review: {
    approved: rule('approve', 'approved'),
    changes_requested: rule('request_changes', 'changes_requested'),
    rejected: rule('reject', 'rejected'),
    archived: rule('archive', 'archived'),
  },
  changes_requested: { in_review: rule('submit', 'in_review'), archived: rule('archive', 'archived') },
  approved: { in_review: rule('reopen', 'in_review'), archived: rule('archive', 'archived') },
  rejected: { in_review: rule('reopen', 'in_review'), archived: rule('archive', 'archived') },
  archived: { draft: rule('restore', 'draft') },
};

const RANK: Record<Role, number> = { viewer: 0, contributor: 1, approver: 2, admin: 3 };

export interface TransitionRequest {
  from: AssetStatus;
  to: AssetStatus;
  role: Role;
  /** True when the actor created the asset (asset.created_by). */
  isOwner: boolean;
  reason?: string | null | undefined;
}

export type TransitionErrorCode = 'TRANSITION_NOT_ALLOWED' | 'FORBIDDEN_FOR_ROLE' | 'REASON_REQUIRED';

export type TransitionCheck = { ok: true } | { ok: false; code: TransitionErrorCode; message: string };

// Inputs can come from untyped places (GraphQL strings, DB rows); never index with junk.
function isStatus(v: unknown): v is AssetStatus {
  return typeof v === 'string' && (ASSET_STATUSES as readonly string[]).includes(v);
}
function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

function ruleFor(from: AssetStatus, to: AssetStatus): TransitionRule | null {
  if (!isStatus(from) || !isStatus(to)) return null;
  return TRANSITIONS[from][to] ?? null;
}

function permits(permission: Permission, role: Role, isOwner: boolean): boolean {
  if (!isRole(role)) return false;
  if (permission === 'approver') return RANK[role] >= RANK.approver;
  return RANK[role] >= RANK.approver || (role === 'contributor' && isOwner === true);
}

/** The trimmed reason, or null when absent/blank. Store this value, not the raw input. */
export function normalizeReason(reason: string | null | undefined): string | null {
  if (typeof reason !== 'string') return null;
  const trimmed = reason.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** The action an edge represents, or null when the edge does not exist. */
export function actionOf(from: AssetStatus, to: AssetStatus): TransitionAction | null {
  return ruleFor(from, to)?.action ?? null;
}

export function isReasonRequired(to: AssetStatus): boolean {
  return REASON_REQUIRED_FOR.has(to);
}

/**
 * Decides one transition. Checks run in a fixed order so the answer names the first real
 * obstacle: the edge exists → the role may take it → the reason is acceptable. (A viewer
 * is told "forbidden", never "reason required".)
 */
export function checkTransition(req: TransitionRequest): TransitionCheck {
  const { from, to, role, isOwner, reason } = req;
  const r = ruleFor(from, to);
  if (!r) {
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message:
        from === to ? `asset is already ${String(to)}` : `cannot change status from ${String(from)} to ${String(to)}`,
    };
  }
  if (!permits(r.permission, role, isOwner)) {
    const who = r.permission === 'approver' ? 'approvers and admins' : 'the owner (contributor), approvers and admins';
    return { ok: false, code: 'FORBIDDEN_FOR_ROLE', message: `role ${String(role)} cannot ${r.action.replace('_', ' ')} this asset; only ${who} can` };
  }
  const normalized = normalizeReason(reason);
  if (r.reasonRequired && normalized === null) {
    return { ok: false, code: 'REASON_REQUIRED', message: `a reason is required to move an asset to ${to}` };
  }
  // Optional reasons are still bounded: they end up in asset_event, webhooks and the index.
  if (normalized !== null && normalized.length > REASON_MAX_LENGTH) {
    return { ok: false, code: 'REASON_REQUIRED', message: `reason must be at most ${REASON_MAX_LENGTH} characters` };
  }
  return { ok: true };
}

/**
 * Statuses this actor could move the asset to from `from` (assuming a valid reason where
 * one is required), in ASSET_STATUSES order. Drives UI buttons and the GraphQL field.
 */
export function allowedTargets(from: AssetStatus, role: Role, isOwner: boolean): AssetStatus[] {
  return ASSET_STATUSES.filter((to) => {
    const r = ruleFor(from, to);
    return r !== null && permits(r.permission, role, isOwner);
  });
}

export interface TransitionEffects {
  /** 'set': approved_at = now, approved_by = actor. 'clear': both null (leaving or never approved). */
  approval: 'set' | 'clear';
  /** status_changed_at is always bumped. */
  touchStatusChangedAt: true;
  /** Whether the stored event/webhook carries a reason for this target. */
  reasonRequired: boolean;
}

/**
 * Side effects of entering `to`. Every target other than approved clears the approval
 * fields, which is exactly "clear when leaving approved" (clearing already-null is a no-op).
 */
export function effectsOf(to: AssetStatus): TransitionEffects {
  return { approval: to === 'approved' ? 'set' : 'clear', touchStatusChangedAt: true, reasonRequired: isReasonRequired(to) };
}

export interface StatusPatch {
  status: AssetStatus;
  statusChangedAt: Date;
  approvedAt: Date | null;
  approvedBy: string | null;
}

/** The column values to write for a transition already accepted by checkTransition. */
export function statusPatch(to: AssetStatus, actorId: string | null, now: Date): StatusPatch {
  const set = effectsOf(to).approval === 'set';
  return { status: to, statusChangedAt: now, approvedAt: set ? now : null, approvedBy: set ? actorId : null };
}
