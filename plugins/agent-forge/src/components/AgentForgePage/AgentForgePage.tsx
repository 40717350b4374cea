import { useEffect, useMemo, useRef } from 'react';
import { Content, Header, Page, WarningPanel } from '@backstage/core-components';
import { alertApiRef, useAnalytics, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Button, Typography, makeStyles } from '@material-ui/core';
import { agentForgeApiRef } from '../../api';
import { useManagerFields } from '../../react/useSessionStore';
import { useSessionManager } from '../../react/useSessionManager';
import { agentForgeTranslationRef } from '../../translation';
import { AgentForgeTranslationProvider } from '../../translationContext';
import { AgentForgeProvider, type AgentForgeContextValue } from '../AgentForgeContext';
import { AgentStatus } from '../AgentStatus';
import { ChatView } from '../ChatView';
import { SessionsSidebar } from '../SessionsSidebar';

const useStyles = makeStyles(theme => ({
  // The page does not scroll as a whole: the sessions list and the transcript
  // scroll inside the space left under the header (Backstage's Page is a
  // 100vh grid whose content row is 1fr; min-height 0 lets it shrink to it).
  content: {
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    overflow: 'hidden',
  },
  layout: {
    flex: 1,
    minHeight: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 300px) minmax(0, 1fr)',
    gridTemplateRows: 'minmax(0, 1fr)',
  },
  banner: { padding: theme.spacing(1, 2, 0) },
}));

/** The Agent Forge page: sessions on the left, the active chat on the right. */
export function AgentForgePage() {
  const classes = useStyles();
  const { t } = useTranslationRef(agentForgeTranslationRef);
  const api = useApi(agentForgeApiRef);
  const alertApi = useApi(alertApiRef);
  const analytics = useAnalytics();
  const settings = useMemo(() => api.getSettings(), [api]);
  const manager = useSessionManager();
  // Only what the page itself shows: sidebar changes must not re-render the
  // page, since Backstage's <Page> then re-creates the theme context and every
  // styled component below it renders again.
  const snapshot = useManagerFields(manager);
  const drafts = useRef(new Map<string, string>()).current;
  const card = snapshot.connection.status === 'connected' ? snapshot.connection.card : undefined;
  const agentName = settings.botName ?? card?.name ?? 'Agent';

  // Storage notices concern no single session: they go to the app's alert bar.
  const shownNotices = useRef(new Set<object>());
  useEffect(() => {
    for (const notice of snapshot.notices) {
      if (shownNotices.current.has(notice)) continue;
      shownNotices.current.add(notice);
      alertApi.post({ message: notice.message, severity: 'warning', display: 'transient' });
      analytics.captureEvent('storage', notice.kind);
      manager.dismissNotice(notice);
    }
  }, [alertApi, analytics, manager, snapshot.notices]);

  const context = useMemo<AgentForgeContextValue>(
    () => ({ manager, settings, agentName, drafts }),
    [manager, settings, agentName, drafts],
  );

  return (
    <AgentForgeProvider value={context}>
      <AgentForgeTranslationProvider>
        <Page themeId="tool">
          <Header
            title={t('page.title')}
            subtitle={card ? t('page.subtitle', { name: agentName }) : t('page.subtitleNoAgent')}
          >
            <AgentStatus connection={snapshot.connection} onRetry={() => void manager.retryConnection()} />
          </Header>
          <Content className={classes.content}>
            {snapshot.connection.status === 'error' && (
              <div className={classes.banner}>
                <WarningPanel severity="error" title={t('connection.errorTitle')}>
                  <Typography gutterBottom>{snapshot.connection.error.message}</Typography>
                  <Button variant="outlined" color="primary" onClick={() => void manager.retryConnection()}>
                    {t('connection.retry')}
                  </Button>
                </WarningPanel>
              </div>
            )}
            {snapshot.storageWarning && (
              <div className={classes.banner}>
                <WarningPanel severity="warning" title={t('storage.unavailable')} message={snapshot.storageWarning} />
              </div>
            )}
            {snapshot.storageProblems.length > 0 && (
              <div className={classes.banner}>
                <WarningPanel
                  severity="info"
                  title={t('storage.problems', { count: snapshot.storageProblems.length })}
                />
              </div>
            )}
            <div className={classes.layout}>
              <SessionsSidebar />
              <ChatView />
            </div>
          </Content>
        </Page>
      </AgentForgeTranslationProvider>
    </AgentForgeProvider>
  );
}
