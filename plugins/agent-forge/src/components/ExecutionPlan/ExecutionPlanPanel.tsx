import { memo, useId, useState } from 'react';
import { TranslationFunction } from '@backstage/core-plugin-api/alpha';
import {
  Button,
  CircularProgress,
  Collapse,
  LinearProgress,
  Paper,
  Typography,
  makeStyles,
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import { lookupTable } from '../../lib/lookupTable';
import type { ExecutionPlan, PlanStep, PlanStepStatus, ToolCall } from '../../sessions/model';
import { agentForgeTranslationRef } from '../../translation';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';

type Translate = TranslationFunction<typeof agentForgeTranslationRef.T>;

const ICON_SIZE = 16;


const useStyles = makeStyles(theme => ({
  root: { overflow: 'hidden' },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(0.25, 1, 0.25, 0.5),
  },
  toggle: {
    textTransform: 'none',
    justifyContent: 'flex-start',
    padding: theme.spacing(0.5, 1),
    minWidth: 0,
  },
  toggleLabel: { display: 'flex', alignItems: 'baseline', flexWrap: 'wrap', gap: theme.spacing(1) },
  toggleTitle: { fontWeight: theme.typography.fontWeightMedium as number },
  expandIcon: {
    transition: theme.transitions.create('transform', { duration: theme.transitions.duration.shortest }),
  },
  expandIconOpen: { transform: 'rotate(180deg)' },
  running: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    marginLeft: 'auto',
    minWidth: 0,
    color: theme.palette.text.secondary,
  },
  runningText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  progressBar: { height: 2 },
  body: { padding: theme.spacing(1, 1.5, 1.5) },
  planTitle: { marginBottom: theme.spacing(0.5), overflowWrap: 'anywhere' },
  steps: { listStyle: 'none', margin: 0, padding: 0 },
  step: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(0.375, 0),
    ...theme.typography.body2,
  },
  stepIcon: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    width: ICON_SIZE,
    height: theme.typography.body2.lineHeight ? `${theme.typography.body2.lineHeight}em` : ICON_SIZE,
    '& svg': { fontSize: ICON_SIZE },
  },
  pending: { color: theme.palette.text.disabled },
  inProgress: { color: theme.palette.primary.main },
  completed: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  stepTitle: { minWidth: 0, overflowWrap: 'anywhere' },
  stepTitleActive: { fontWeight: theme.typography.fontWeightMedium as number },
  stepTitleDone: { color: theme.palette.text.secondary },
  section: {
    marginTop: theme.spacing(1),
    paddingTop: theme.spacing(1),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  sectionLabel: { display: 'block', marginBottom: theme.spacing(0.25), color: theme.palette.text.secondary },
  historyToggle: { textTransform: 'none', padding: theme.spacing(0.25, 0.5), marginLeft: theme.spacing(-0.5) },
  version: { marginTop: theme.spacing(0.75) },
  tools: { listStyle: 'none', margin: 0, padding: 0 },
  tool: { padding: theme.spacing(0.375, 0), ...theme.typography.body2 },
  toolHead: { display: 'flex', alignItems: 'baseline', gap: theme.spacing(0.75), flexWrap: 'wrap' },
  toolName: { fontFamily: 'monospace', fontSize: '0.9em', overflowWrap: 'anywhere' },
  toolResult: {
    color: theme.palette.text.secondary,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: 0,
    marginTop: theme.spacing(0.25),
    // Aligned with the tool name, past the icon.
    marginLeft: ICON_SIZE + theme.spacing(0.75),
  },
  loading: { display: 'flex', alignItems: 'center', gap: theme.spacing(1), color: theme.palette.text.secondary },
  visuallyHidden: {
    border: 0,
    clip: 'rect(0 0 0 0)',
    height: 1,
    width: 1,
    margin: -1,
    padding: 0,
    overflow: 'hidden',
    position: 'absolute',
    whiteSpace: 'nowrap',
  },
}));

export interface ExecutionPlanPanelProps {
  plan?: ExecutionPlan;
  /** Earlier versions of the plan, oldest first. */
  history?: readonly ExecutionPlan[];
  tools?: readonly ToolCall[];
  /** The tool the agent is running right now. */
  currentTool?: ToolCall;
  /** The reply is streaming: the panel opens until the user decides otherwise. */
  streaming: boolean;
  /** A plan is expected but has not arrived yet. */
  loading?: boolean;
}

// A stored step's status is data: an unknown one (even `constructor`) is pending.
const STATUS_KEY: Readonly<Partial<Record<string, 'plan.pending' | 'plan.inProgress' | 'plan.completed' | 'plan.failed'>>> =
  lookupTable({
    pending: 'plan.pending',
    in_progress: 'plan.inProgress',
    completed: 'plan.completed',
    failed: 'plan.failed',
  } as const satisfies Record<PlanStepStatus, string>);

function StatusIcon({ status }: { status: PlanStepStatus }) {
  switch (status) {
    case 'in_progress':
      return <CircularProgress size={ICON_SIZE - 4} thickness={5} color="inherit" aria-hidden />;
    case 'completed':
      return <CheckCircleIcon />;
    case 'failed':
      return <ErrorIcon />;
    default:
      return <RadioButtonUncheckedIcon />;
  }
}

const STATUS_CLASS: Readonly<Partial<Record<string, 'pending' | 'inProgress' | 'completed' | 'failed'>>> = lookupTable({
  pending: 'pending',
  in_progress: 'inProgress',
  completed: 'completed',
  failed: 'failed',
} as const satisfies Record<PlanStepStatus, string>);

function StepList({ steps, t, labelledBy }: { steps: readonly PlanStep[]; t: Translate; labelledBy?: string }) {
  const classes = useStyles();
  return (
    <ol className={classes.steps} aria-labelledby={labelledBy}>
      {steps.map((step, index) => (
        // Step ids come from the agent and may repeat.
        // eslint-disable-next-line react/no-array-index-key
        <li key={`${index}:${step.id}`} className={classes.step} data-status={step.status}>
          <span className={`${classes.stepIcon} ${classes[STATUS_CLASS[step.status] ?? 'pending']}`} aria-hidden>
            <StatusIcon status={step.status} />
          </span>
          <span
            className={[
              classes.stepTitle,
              step.status === 'in_progress' ? classes.stepTitleActive : '',
              step.status === 'completed' ? classes.stepTitleDone : '',
            ].join(' ')}
          >
            <span className={classes.visuallyHidden}>{`${t(STATUS_KEY[step.status] ?? 'plan.pending')}: `}</span>
            {step.title}
          </span>
        </li>
      ))}
    </ol>
  );
}

function PlanHistory({ history, t }: { history: readonly ExecutionPlan[]; t: Translate }) {
  const classes = useStyles();
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <div className={classes.section}>
      <Button
        size="small"
        className={classes.historyToggle}
        aria-expanded={open}
        aria-controls={`${id}-versions`}
        onClick={() => setOpen(v => !v)}
        startIcon={
          <ExpandMoreIcon
            fontSize="small"
            className={`${classes.expandIcon} ${open ? classes.expandIconOpen : ''}`}
          />
        }
      >
        {t('plan.history')}
      </Button>
      <Collapse in={open}>
        <div id={`${id}-versions`}>
          {history.map((version, index) => {
            const labelId = `${id}-version-${index}`;
            return (
              <div key={index} className={classes.version}>
                <Typography id={labelId} variant="caption" component="p" className={classes.sectionLabel}>
                  {t('plan.version', { n: String(index + 1) })}
                  {version.title ? ` · ${version.title}` : ''}
                </Typography>
                <StepList steps={version.steps} t={t} labelledBy={labelId} />
              </div>
            );
          })}
        </div>
      </Collapse>
    </div>
  );
}

function ToolList({ tools, t }: { tools: readonly ToolCall[]; t: Translate }) {
  const classes = useStyles();
  const labelId = `${useId()}-tools`;
  return (
    <div className={classes.section}>
      <Typography id={labelId} variant="caption" component="p" className={classes.sectionLabel}>
        {t('plan.tools')}
      </Typography>
      <ul className={classes.tools} aria-labelledby={labelId}>
        {tools.map(tool => (
          <li key={tool.callId} className={classes.tool}>
            <div className={classes.toolHead}>
              <CheckCircleIcon
                className={classes.completed}
                style={{ fontSize: ICON_SIZE, alignSelf: 'center' }}
                aria-hidden
              />
              <span className={classes.toolName}>{tool.name}</span>
              {tool.agent && (
                <Typography variant="caption" color="textSecondary" component="span">
                  {' '}
                  {t('plan.toolAgent', { agent: tool.agent })}
                </Typography>
              )}
            </div>
            {tool.result && <p className={classes.toolResult}>{tool.result}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The agent's plan for the reply: steps with their status, earlier versions,
 * and tool activity. Opens while the reply streams and closes after, unless
 * the user opened or closed it themselves.
 */
export const ExecutionPlanPanel = memo(withAgentForgeTranslation(function ExecutionPlanPanelInner(props: ExecutionPlanPanelProps) {
  const { plan, history, tools, currentTool, streaming, loading } = props;
  const classes = useStyles();
  const t = useAgentForgeT();
  const id = useId();
  // undefined until the user toggles; from then on their choice sticks.
  const [userExpanded, setUserExpanded] = useState<boolean | undefined>(undefined);
  const expanded = userExpanded ?? streaming;

  const running = currentTool ?? (streaming ? tools?.find(tool => tool.status === 'running') : undefined);
  const finishedTools = tools?.filter(tool => tool.status === 'completed') ?? [];
  if (!plan && !tools?.length && !running && !loading) return null;

  const steps = plan?.steps ?? [];
  const done = steps.filter(step => step.status === 'completed').length;
  const bodyId = `${id}-body`;

  return (
    <Paper variant="outlined" role="region" aria-label={t('plan.label')} className={classes.root}>
      <div className={classes.header}>
        <Button
          size="small"
          className={classes.toggle}
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setUserExpanded(!expanded)}
          startIcon={
            <ExpandMoreIcon
              fontSize="small"
              className={`${classes.expandIcon} ${expanded ? classes.expandIconOpen : ''}`}
            />
          }
        >
          <span className={classes.toggleLabel}>
            <Typography variant="body2" component="span" className={classes.toggleTitle}>
              {t('plan.label')}
            </Typography>{' '}
            {steps.length > 0 && (
              <Typography variant="caption" component="span" color="textSecondary">
                {t('plan.progress', { done: String(done), total: String(steps.length) })}
              </Typography>
            )}
          </span>
        </Button>
        <div className={classes.running} role="status">
          {running && (
            <>
              <CircularProgress size={12} thickness={5} color="inherit" aria-hidden />
              <Typography variant="caption" component="span" className={classes.runningText}>
                {t('conversation.runningTool', { tool: running.name })}
              </Typography>
            </>
          )}
        </div>
      </div>
      {steps.length > 0 && (
        <LinearProgress
          variant="determinate"
          value={(done / steps.length) * 100}
          className={classes.progressBar}
          aria-hidden
        />
      )}
      {/* A collapsed plan (most of a long history) renders no body at all. */}
      <Collapse in={expanded} mountOnEnter unmountOnExit>
        <div className={classes.body} id={bodyId}>
          {!plan && loading && (
            <Typography variant="body2" component="div" className={classes.loading}>
              <CircularProgress size={ICON_SIZE - 4} thickness={5} color="inherit" aria-hidden />
              {t('plan.loading')}
            </Typography>
          )}
          {plan?.title && (
            <Typography variant="body2" color="textSecondary" component="p" className={classes.planTitle}>
              {plan.title}
            </Typography>
          )}
          {steps.length > 0 && <StepList steps={steps} t={t} labelledBy={undefined} />}
          {plan?.omittedSteps ? (
            <Typography variant="caption" color="textSecondary" component="p">
              {t('plan.moreSteps', { count: plan.omittedSteps, n: plan.omittedSteps.toLocaleString() })}
            </Typography>
          ) : null}
          {history && history.length > 0 && <PlanHistory history={history} t={t} />}
          {finishedTools.length > 0 && <ToolList tools={finishedTools} t={t} />}
        </div>
      </Collapse>
    </Paper>
  );
}));

ExecutionPlanPanel.displayName = 'ExecutionPlanPanel';
