import { InfoCard } from '@backstage/core-components';
import { Box, Chip, List, ListItem, ListItemText, Typography } from '@material-ui/core';
import type { AgentCardSummary } from '../../a2a/types';

/** The agent's self-description: what it is and what it can do. */
export function AgentCardPanel({ card }: { card: AgentCardSummary }) {
  return (
    <InfoCard title={card.name} subheader={card.description}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
        {card.version && <Chip size="small" label={`Version ${card.version}`} />}
        <Chip size="small" label={`A2A ${card.protocolVersion}`} />
        {card.streaming && <Chip size="small" label="Streaming" />}
        {card.providerName && <Chip size="small" label={card.providerName} />}
      </Box>
      <Typography variant="h6" component="h2">
        Skills
      </Typography>
      {card.skills.length === 0 ? (
        <Typography color="textSecondary">The agent lists no skills.</Typography>
      ) : (
        <List dense aria-label="Agent skills">
          {card.skills.map((skill, index) => (
            // The card is the agent's: ids may repeat or be missing.
            <ListItem key={`${index}:${skill.id}`} disableGutters>
              <ListItemText
                primary={skill.name}
                secondary={[skill.description, ...skill.examples.map(e => `“${e}”`)]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
