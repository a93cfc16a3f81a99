// Entry: pick the transport, then render the app (or the "no token" page).
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setApiClient } from './api/client';
import { pickTransport } from './api/transport';
import { uiColorSchemeManager } from './colorSchemeManager';
import { startRouting } from './routes';
import { uiStore } from './stores/ui/store';
import { theme } from './theme';
import { App } from './views/App';
import { NoTokenPage } from './views/NoTokenPage';

const transport = pickTransport(window);
if (transport.kind !== 'no-token') {
  setApiClient(transport.client);
  startRouting(window, uiStore);
}

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      colorSchemeManager={uiColorSchemeManager(uiStore)}
    >
      <Notifications position="bottom-right" />
      {transport.kind === 'no-token' ? <NoTokenPage /> : <App />}
    </MantineProvider>
  </StrictMode>,
);
