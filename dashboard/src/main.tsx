import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { BCP47, localeStore } from './i18n/i18n.ts';
import './app/styles.css';

document.documentElement.lang = BCP47[localeStore.get()];
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
