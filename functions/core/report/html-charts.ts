import { escapeHtml } from './html-escape';

/**
 * The report's charts, drawn as inline SVG when the page is written. Hand-drawn rather than a charting
 * library: the charts are bar charts, which take a few lines; the page then renders them without
 * JavaScript, carries no third-party code to vet, pin and update, and needs no `unsafe-eval` or
 * style attributes under its Content-Security-Policy. Colours come from CSS classes.
 */

/** One bar: its label, value and CSS class. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly className: string;
  /** Names the value's text with `data-count`, so a test can read what the page shows. */
  readonly key?: string;
}

function countAttribute(bar: Bar): string {
  return bar.key === undefined ? '' : ` data-count="${escapeHtml(bar.key)}"`;
}

const LABEL_WIDTH = 150;
const BAR_HEIGHT = 22;
const GAP = 6;

/** A horizontal bar chart: one labelled bar per item, scaled to the largest value, each with its count. */
export function barChart(title: string, bars: readonly Bar[], width = 520): string {
  const max = bars.reduce((largest, bar) => Math.max(largest, bar.value), 0);
  const span = width - LABEL_WIDTH - 60;
  const height = bars.length * (BAR_HEIGHT + GAP);
  const rows = bars.map((bar, index) => {
    const y = index * (BAR_HEIGHT + GAP);
    const length = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * span));
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" class="chart-label" text-anchor="end">${escapeHtml(bar.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${length}" height="${BAR_HEIGHT}" class="${escapeHtml(bar.className)}"/>` +
      `<text x="${LABEL_WIDTH + length + 6}" y="${y + 15}" class="chart-value"${countAttribute(bar)}>${bar.value}</text>`
    );
  });
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeHtml(title)}</title>${rows.join('')}</svg>`
  );
}

/** A column chart (vertical bars) with a label under each column. */
export function columnChart(title: string, bars: readonly Bar[], width = 520, height = 160): string {
  const max = bars.reduce((largest, bar) => Math.max(largest, bar.value), 0);
  const slot = width / Math.max(bars.length, 1);
  const plot = height - 36;
  const columns = bars.map((bar, index) => {
    const x = index * slot;
    const length = max === 0 ? 0 : Math.round((bar.value / max) * plot);
    return (
      `<rect x="${(x + 4).toFixed(1)}" y="${16 + plot - length}" width="${(slot - 8).toFixed(1)}" height="${length}" class="${escapeHtml(bar.className)}"/>` +
      `<text x="${(x + slot / 2).toFixed(1)}" y="${12 + plot - length}" class="chart-value" text-anchor="middle"${countAttribute(bar)}>${bar.value}</text>` +
      `<text x="${(x + slot / 2).toFixed(1)}" y="${height - 4}" class="chart-label" text-anchor="middle">${escapeHtml(bar.label)}</text>`
    );
  });
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeHtml(title)}</title>${columns.join('')}</svg>`
  );
}

/** A single bar showing a share (0–1) of a whole, for "users with MFA". */
export function shareBar(title: string, share: number, width = 160): string {
  const filled = Math.round(Math.min(Math.max(share, 0), 1) * width);
  return (
    `<svg class="share" role="img" viewBox="0 0 ${width} 12" width="${width}" height="12">` +
    `<title>${escapeHtml(title)}</title><rect x="0" y="0" width="${width}" height="12" class="share-rest"/>` +
    `<rect x="0" y="0" width="${filled}" height="12" class="share-mfa"/></svg>`
  );
}
