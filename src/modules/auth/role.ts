import { registerEnumType } from '../../common/graphql/schema.decorators';

export enum Role {
  VIEWER = 'viewer',
  CONTRIBUTOR = 'contributor',
  APPROVER = 'approver',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

const RANK: Record<Role, number> = { viewer: 0, contributor: 1, approver: 2, admin: 3 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export function parseRole(value: string): Role | null {
  const v = value.toLowerCase();
  return (Object.values(Role) as string[]).includes(v) ? (v as Role) : null;
}
