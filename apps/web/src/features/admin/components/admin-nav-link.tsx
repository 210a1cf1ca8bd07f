import { NavLink } from 'react-router';
import { useStaffRole } from '../my-roles';

/** The sidebar's way into the admin area, for moderators and admins only. */
export function AdminNavLink() {
  const role = useStaffRole();
  if (!role) return null;
  return (
    <NavLink
      to="/admin"
      className={({ isActive }) => `channel-link admin-link${isActive ? ' active' : ''}`}
      data-testid="admin-link"
    >
      <span className="channel-glyph" aria-hidden="true">
        ⚙
      </span>
      <span className="channel-name">{role === 'admin' ? 'Admin' : 'Moderation'}</span>
    </NavLink>
  );
}
