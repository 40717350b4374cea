export { SessionsSidebar } from './SessionsSidebar';
