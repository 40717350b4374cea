import { Content, Header, HeaderLabel, Page, Progress, WarningPanel } from '@backstage/core-components';
import { Button, Typography } from '@material-ui/core';
import { useAgentConnection } from '../../hooks/useAgentConnection';
import { AgentCardPanel } from '../AgentCardPanel';

const CONNECTION_LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  error: 'Unavailable',
} as const;

/** The Agent Forge page. */
export function AgentForgePage() {
  const { connection, retry } = useAgentConnection();
  const card = connection.status === 'connected' ? connection.card : undefined;
  return (
    <Page themeId="tool">
      <Header title="Agent Forge" subtitle={card ? `Chat with ${card.name}` : 'Chat with A2A agents'}>
        <HeaderLabel
          label="Agent"
          value={CONNECTION_LABELS[connection.status]}
        />
      </Header>
      <Content>
        {connection.status === 'connecting' && <Progress />}
        {connection.status === 'error' && (
          <WarningPanel severity="error" title="Can't connect to the agent" defaultExpanded>
            <Typography gutterBottom>{connection.error.message}</Typography>
            <Button variant="outlined" color="primary" onClick={retry}>
              Retry
            </Button>
          </WarningPanel>
        )}
        {card && <AgentCardPanel card={card} />}
      </Content>
    </Page>
  );
}
