import { Role } from './role';

/** Who is calling: an API key, scoped to exactly one workspace. */
export interface Principal {
  /** The API key's id. */
  id: string;
  name: string;
  role: Role;
  workspaceId: string;
}
