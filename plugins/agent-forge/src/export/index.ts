export {
  SESSION_EXPORT_FORMAT,
  SESSION_EXPORT_VERSION,
  exportFileName,
  formatTimestamp,
  sessionToJson,
  sessionToMarkdown,
} from './exportSession';
export type { SessionExport, SessionMarkdownOptions } from './exportSession';
export { downloadTextFile } from './download';
