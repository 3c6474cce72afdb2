import { render } from 'preact';
import { AdminPage } from './admin/admin-page.tsx';
import { ChatPage } from './chat/chat-page.tsx';
import './styles.css';

/** Two pages, one bundle: the server answers `/` and `/admin` with the same HTML. */
function App() {
  const isAdmin = window.location.pathname.replace(/\/+$/, '') === '/admin';
  document.title = isAdmin ? 'imagegate — admin' : 'imagegate — chat';
  return isAdmin ? <AdminPage /> : <ChatPage />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
