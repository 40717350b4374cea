import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Content, Header, Page, WarningPanel } from '@backstage/core-components';
import { alertApiRef, useAnalytics, useApi } from '@backstage/core-plugin-api';
import { Button, Typography, makeStyles } from '@material-ui/core';
import { agentForgeApiRef, type AgentForgeSettings } from '../../api';
import { useManagerFields } from '../../react/useSessionStore';
import { useSessionManager } from '../../react/useSessionManager';
import type { SessionManager } from '../../sessions/SessionManager';
import type { StorageNotice } from '../../sessions/persistence/notices';
import { AgentForgeTranslationProvider, useAgentForgeT, type AgentForgeT } from '../../translationContext';
import { displayLabel } from '../../lib/text';
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

/**
 * The Agent Forge page: sessions on the left, the active chat on the right.
 *
 * It subscribes to nothing itself. Backstage's <Page> gives its subtree a
 * new MUI theme object whenever it renders, and every styled component below
 * then rebuilds its style sheet — so the parts that change (the header's
 * connection, the banners, the agent's name) subscribe on their own, inside
 * the page, and <Page> renders once.
 */
export function AgentForgePage() {
  const classes = useStyles();
  const api = useApi(agentForgeApiRef);
  const settings = useMemo(() => api.getSettings(), [api]);
  const manager = useSessionManager();
  return (
    <AgentForgeTranslationProvider>
      <Page themeId="tool">
        <PageHeader manager={manager} settings={settings} />
        <Content className={classes.content}>
          <Banners manager={manager} />
          <StorageNotices manager={manager} />
          <ChatContext manager={manager} settings={settings}>
            <div className={classes.layout}>
              <SessionsSidebar />
              <ChatView />
            </div>
          </ChatContext>
        </Content>
      </Page>
    </AgentForgeTranslationProvider>
  );
}

/** The agent's name: config, then its card, then a generic one. */
function useAgentName(manager: SessionManager, settings: AgentForgeSettings): string {
  const { connection } = useManagerFields(manager);
  const card = connection.status === 'connected' ? connection.card : undefined;
  return (settings.botName && displayLabel(settings.botName, 120)) || card?.name || 'Agent';
}

function PageHeader({ manager, settings }: { manager: SessionManager; settings: AgentForgeSettings }) {
  const t = useAgentForgeT();
  const { connection } = useManagerFields(manager);
  const agentName = useAgentName(manager, settings);
  return (
    <Header
      title={t('page.title')}
      subtitle={
        connection.status === 'connected' ? t('page.subtitle', { name: agentName }) : t('page.subtitleNoAgent')
      }
    >
      <AgentStatus connection={connection} onRetry={() => void manager.retryConnection()} />
    </Header>
  );
}

function Banners({ manager }: { manager: SessionManager }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const { connection, storageWarning, storageProblems } = useManagerFields(manager);
  return (
    <>
      {connection.status === 'error' && (
        <div className={classes.banner}>
          {/* Open: the message says what to change (a config key) and why. */}
          <WarningPanel severity="error" title={t('connection.errorTitle')} defaultExpanded>
            <Typography gutterBottom>{connection.error.message}</Typography>
            <Button variant="outlined" color="primary" onClick={() => void manager.retryConnection()}>
              {t('connection.retry')}
            </Button>
          </WarningPanel>
        </div>
      )}
      {storageWarning && (
        <div className={classes.banner}>
          <WarningPanel severity="warning" title={t('storage.unavailable')} message={storageWarning} />
        </div>
      )}
      {storageProblems.length > 0 && (
        <div className={classes.banner}>
          <WarningPanel severity="info" title={t('storage.problems', { count: storageProblems.length })} />
        </div>
      )}
    </>
  );
}

/**
 * Storage notices. A chat saved only in part, or not at all, goes to the
 * app's alert bar (once per chat). Chats deleted by the retention policy get
 * a banner that stays until dismissed: they are gone for good.
 */
function StorageNotices({ manager }: { manager: SessionManager }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const alertApi = useApi(alertApiRef);
  const analytics = useAnalytics();
  const { notices } = useManagerFields(manager);
  const shown = useRef(new Set<object>());
  useEffect(() => {
    for (const notice of notices) {
      if (notice.kind === 'expired' || shown.current.has(notice)) continue;
      shown.current.add(notice);
      alertApi.post({ message: alertText(t, notice), severity: 'warning', display: 'transient' });
      analytics.captureEvent('storage', notice.kind);
      manager.dismissNotice(notice);
    }
  }, [alertApi, analytics, manager, notices, t]);
  return (
    <>
      {notices.map((notice, index) =>
        notice.kind === 'expired' ? (
          <div className={classes.banner} key={index}>
            <WarningPanel severity="info" title={t('storage.expiredTitle')} defaultExpanded>
              {notice.tooOld > 0 && (
                <Typography gutterBottom>{t('storage.expiredAge', { count: notice.tooOld, days: String(notice.maxAgeDays) })}</Typography>
              )}
              {notice.overLimit > 0 && (
                <Typography gutterBottom>{t('storage.expiredLimit', { count: notice.overLimit, max: String(notice.maxSessions) })}</Typography>
              )}
              <Button variant="outlined" color="primary" onClick={() => manager.dismissNotice(notice)}>
                {t('storage.dismiss')}
              </Button>
            </WarningPanel>
          </div>
        ) : null,
      )}
    </>
  );
}

function alertText(t: AgentForgeT, notice: Exclude<StorageNotice, { kind: 'expired' }>): string {
  if (notice.kind === 'trimmed') return t('storage.trimmed', { title: notice.title });
  if (notice.detail) return t('storage.saveFailedDetail', { title: notice.title, detail: notice.detail });
  return t('storage.saveFailed', { title: notice.title });
}

/** What the sidebar and the chat share; changes only when the agent's name does. */
function ChatContext(props: { manager: SessionManager; settings: AgentForgeSettings; children: ReactNode }) {
  const { manager, settings, children } = props;
  const agentName = useAgentName(manager, settings);
  const drafts = useRef(new Map<string, string>()).current;
  const context = useMemo<AgentForgeContextValue>(
    () => ({ manager, settings, agentName, drafts }),
    [manager, settings, agentName, drafts],
  );
  return <AgentForgeProvider value={context}>{children}</AgentForgeProvider>;
}
