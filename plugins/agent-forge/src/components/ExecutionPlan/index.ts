export { ExecutionPlanPanel } from './ExecutionPlanPanel';
export type { ExecutionPlanPanelProps } from './ExecutionPlanPanel';
