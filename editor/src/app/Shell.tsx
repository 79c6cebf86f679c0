// The frame around every signed-in screen: brand, navigation, theme toggle, sign out.
import { LogOut, Moon, Sun } from 'lucide-react';
import { NavLink, Outlet } from 'react-router';
import { toast } from '../ui/toast.js';
import { useTheme } from '../ui/theme.js';
import { useSession } from './session.js';

export function Shell() {
  const { email, logout } = useSession();
  const { theme, toggle } = useTheme();
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Tern home">
          <img src="/favicon.svg" width={22} height={22} alt="" /> Tern
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>Workflows</NavLink>
          <NavLink to="/contacts">Contacts</NavLink>
          <NavLink to="/segments">Segments</NavLink>
          <NavLink to="/credentials">Credentials</NavLink>
          <NavLink to="/keys">API keys</NavLink>
        </nav>
        <span className="spacer" />
        <span className="muted" data-testid="signed-in-as">{email}</span>
        <button className="btn ghost icon" onClick={toggle} aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} title="Switch theme">
          {theme === 'dark' ? <Sun size={16} /> : <Moon size={16} />}
        </button>
        <button
          className="btn ghost"
          onClick={() => logout().catch((err) => toast.fail(err, 'Sign out failed'))}
        >
          <LogOut size={16} /> Sign out
        </button>
      </header>
      <Outlet />
    </div>
  );
}
