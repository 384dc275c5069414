import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { registerServiceWorker } from './lib/service-worker-registration.js';
import './styles/base.css';
import './styles/auth.css';
import './styles/contacts.css';
import './styles/chat.css';
import './styles/messages.css';
import './styles/modal.css';
import './styles/attachments.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
