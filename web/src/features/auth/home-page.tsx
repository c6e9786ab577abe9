import { OfficerHome } from '../officer/officer-home.tsx';
import { CitizenHome } from './citizen-home.tsx';
import { RequireSession } from './require-session.tsx';

/** /beranda: the citizen's profile, or the officer's home. */
export function HomePage() {
  return (
    <RequireSession>
      {(user) => (user.kind === 'petugas' ? <OfficerHome user={user} /> : <CitizenHome user={user} />)}
    </RequireSession>
  );
}
