import { AssetStatus as AssetStatusEnum } from '../assets/asset.enums';
import { Role as RoleEnum } from '../auth/role';
import {
  ASSET_STATUSES,
  AssetStatus,
  REASON_MAX_LENGTH,
  ROLES,
  Role,
  actionOf,
  allowedTargets,
  checkTransition,
  effectsOf,
  normalizeReason,
  statusPatch,
} from './asset-status.machine';

// The specification, written out independently of the implementation's table:
// from → to → who may do it. 'owner' = contributor on own asset, or approver/admin on any.
type Who = 'owner' | 'approver';
const SPEC: Record<AssetStatus, Partial<Record<AssetStatus, Who>>> = {
  draft: { in_review: 'owner', archived: 'owner' },
  in_review: { approved: 'approver', changes_requested: 'approver', rejected: 'approver', archived: 'owner' },
  changes_requested: { in_review: 'owner', archived: 'owner' },
  approved: { in_review: 'approver', archived: 'owner' },
  rejected: { in_review: 'approver', archived: 'owner' },
  archived: { draft: 'owner' },
};
const NEEDS_REASON: AssetStatus[] = ['rejected', 'changes_requested'];

function expected(from: AssetStatus, to: AssetStatus, role: Role, isOwner: boolean): 'ok' | 'TRANSITION_NOT_ALLOWED' | 'FORBIDDEN_FOR_ROLE' {
  const who = SPEC[from][to];
  if (!who) return 'TRANSITION_NOT_ALLOWED';
  if (role === 'admin' || role === 'approver') return 'ok';
  if (role === 'contributor' && who === 'owner' && isOwner) return 'ok';
  return 'FORBIDDEN_FOR_ROLE';
}

const ALL = ASSET_STATUSES.flatMap((from) =>
  ASSET_STATUSES.flatMap((to) => ROLES.flatMap((role) => [true, false].map((isOwner) => ({ from, to, role, isOwner })))),
);

describe('asset status machine', () => {
  it('covers every (from, to, role, isOwner) combination', () => {
    expect(ALL).toHaveLength(6 * 6 * 4 * 2);
  });

  describe.each(ALL)('$from → $to as $role (owner: $isOwner)', ({ from, to, role, isOwner }) => {
    const want = expected(from, to, role, isOwner);

    it(`is ${want} with a valid reason`, () => {
      const res = checkTransition({ from, to, role, isOwner, reason: 'looks off-brand' });
      if (want === 'ok') expect(res).toEqual({ ok: true });
      else expect(res).toMatchObject({ ok: false, code: want });
      if (!res.ok) expect(res.message).toEqual(expect.any(String));
    });

    it('without a reason: REASON_REQUIRED only where the edge is permitted and needs one', () => {
      for (const reason of [undefined, null, '', '   \n\t ']) {
        const res = checkTransition({ from, to, role, isOwner, reason });
        if (want !== 'ok') expect(res).toMatchObject({ ok: false, code: want });
        else if (NEEDS_REASON.includes(to)) expect(res).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
        else expect(res).toEqual({ ok: true });
      }
    });

    it('agrees with allowedTargets', () => {
      expect(allowedTargets(from, role, isOwner).includes(to)).toBe(want === 'ok');
    });
  });

  it('lists allowed targets in canonical order', () => {
    expect(allowedTargets('in_review', 'approver', false)).toEqual(['approved', 'changes_requested', 'rejected', 'archived']);
    expect(allowedTargets('in_review', 'contributor', true)).toEqual(['archived']);
    expect(allowedTargets('draft', 'contributor', true)).toEqual(['in_review', 'archived']);
    expect(allowedTargets('draft', 'contributor', false)).toEqual([]);
    expect(allowedTargets('archived', 'admin', false)).toEqual(['draft']);
    expect(allowedTargets('approved', 'viewer', true)).toEqual([]);
  });

  it('never allows staying in place, leaving archived except to draft, or skipping review', () => {
    for (const s of ASSET_STATUSES) expect(checkTransition({ from: s, to: s, role: 'admin', isOwner: true, reason: 'x' })).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(checkTransition({ from: 'draft', to: 'approved', role: 'admin', isOwner: true })).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(checkTransition({ from: 'archived', to: 'in_review', role: 'admin', isOwner: true })).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  describe('reason', () => {
    const base = { from: 'in_review' as const, role: 'approver' as const, isOwner: false };

    it.each(['rejected', 'changes_requested'] as const)('is required for %s and bounded', (to) => {
      expect(checkTransition({ ...base, to, reason: ' x ' })).toEqual({ ok: true });
      expect(checkTransition({ ...base, to, reason: 'a'.repeat(REASON_MAX_LENGTH) })).toEqual({ ok: true });
      // Surrounding whitespace does not count towards the limit: it is trimmed before storing.
      expect(checkTransition({ ...base, to, reason: `  ${'a'.repeat(REASON_MAX_LENGTH)}  ` })).toEqual({ ok: true });
      expect(checkTransition({ ...base, to, reason: 'a'.repeat(REASON_MAX_LENGTH + 1) })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    });

    it('is optional elsewhere but still bounded', () => {
      expect(checkTransition({ ...base, to: 'approved' })).toEqual({ ok: true });
      expect(checkTransition({ ...base, to: 'approved', reason: 'great' })).toEqual({ ok: true });
      expect(checkTransition({ ...base, to: 'approved', reason: 'a'.repeat(REASON_MAX_LENGTH + 1) })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    });

    it('is checked after the role: a viewer is forbidden, not asked for a reason', () => {
      expect(checkTransition({ from: 'in_review', to: 'rejected', role: 'viewer', isOwner: true })).toMatchObject({ code: 'FORBIDDEN_FOR_ROLE' });
      expect(checkTransition({ from: 'in_review', to: 'rejected', role: 'contributor', isOwner: true })).toMatchObject({ code: 'FORBIDDEN_FOR_ROLE' });
    });

    it('normalizes to trimmed text or null', () => {
      expect(normalizeReason('  off brand \n')).toBe('off brand');
      expect(normalizeReason(' \t ')).toBeNull();
      expect(normalizeReason(undefined)).toBeNull();
      expect(normalizeReason(null)).toBeNull();
    });
  });

  it('rejects values outside the unions instead of indexing with them', () => {
    const junk = { from: 'published' as unknown as AssetStatus, to: 'draft' as AssetStatus, role: 'admin' as Role, isOwner: true };
    expect(checkTransition(junk)).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(checkTransition({ from: 'draft', to: 'in_review', role: 'root' as unknown as Role, isOwner: true })).toMatchObject({ code: 'FORBIDDEN_FOR_ROLE' });
    expect(checkTransition({ from: 'draft', to: 'toString' as unknown as AssetStatus, role: 'admin', isOwner: true })).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(allowedTargets('constructor' as unknown as AssetStatus, 'admin', true)).toEqual([]);
  });

  it('names each edge', () => {
    expect(actionOf('draft', 'in_review')).toBe('submit');
    expect(actionOf('changes_requested', 'in_review')).toBe('submit');
    expect(actionOf('in_review', 'approved')).toBe('approve');
    expect(actionOf('in_review', 'changes_requested')).toBe('request_changes');
    expect(actionOf('in_review', 'rejected')).toBe('reject');
    expect(actionOf('approved', 'in_review')).toBe('reopen');
    expect(actionOf('rejected', 'in_review')).toBe('reopen');
    expect(actionOf('approved', 'archived')).toBe('archive');
    expect(actionOf('archived', 'draft')).toBe('restore');
    expect(actionOf('draft', 'approved')).toBeNull();
  });

  describe('effects', () => {
    it('sets approval on entering approved and clears it on every other target', () => {
      for (const to of ASSET_STATUSES) {
        expect(effectsOf(to)).toEqual({
          approval: to === 'approved' ? 'set' : 'clear',
          touchStatusChangedAt: true,
          reasonRequired: NEEDS_REASON.includes(to),
        });
      }
    });

    it('builds the column patch', () => {
      const now = new Date('2026-11-30T12:00:00Z');
      expect(statusPatch('approved', 'user-1', now)).toEqual({ status: 'approved', statusChangedAt: now, approvedAt: now, approvedBy: 'user-1' });
      expect(statusPatch('in_review', 'user-2', now)).toEqual({ status: 'in_review', statusChangedAt: now, approvedAt: null, approvedBy: null });
      expect(statusPatch('archived', 'user-2', now)).toMatchObject({ approvedAt: null, approvedBy: null });
    });
  });

  it('accepts the TS enums used by entities (same string values)', () => {
    const res = checkTransition({ from: AssetStatusEnum.DRAFT, to: AssetStatusEnum.IN_REVIEW, role: RoleEnum.CONTRIBUTOR, isOwner: true });
    expect(res).toEqual({ ok: true });
    expect([...ASSET_STATUSES].sort()).toEqual(Object.values(AssetStatusEnum).sort());
    expect([...ROLES].sort()).toEqual(Object.values(RoleEnum).sort());
  });
});
