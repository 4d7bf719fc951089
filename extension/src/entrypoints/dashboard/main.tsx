/** Mounts the CS managers' dashboard (dashboard.html, opened from the popup). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Dashboard } from '@/dashboard/Dashboard';
import './style.css';

const container = document.getElementById('root');
if (!container) throw new Error('dashboard.html is missing its #root element');

createRoot(container).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);
