/** How long the object URL outlives the click that starts the download. */
const REVOKE_AFTER_MS = 10_000;

/**
 * Saves text as a file through a temporary object URL (revoked shortly after,
 * once the browser has started the download).
 */
export function downloadTextFile(content: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the URL after `click()` returns.
    window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
