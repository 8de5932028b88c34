// Colours and fonts of the views' SVG overlays, as attributes rather than CSS so that a screenshot, which
// draws the SVG outside the page, looks the same as the screen.
import type { ViewId } from '../../geometry/layouts';

export const viewColours: Record<ViewId, string> = { axial: '#d9534f', coronal: '#5cb85c', sagittal: '#e6c229', volume: '#7d8590' };

export const overlayText = {
  fontFamily: "system-ui, 'DejaVu Sans', sans-serif",
  fontSize: 12,
  fill: '#c9d1d9',
  /** A dark outline keeps text readable over bright tissue. */
  stroke: '#000',
  strokeWidth: 3,
  strokeOpacity: 0.55,
  paintOrder: 'stroke',
  style: { fontVariantNumeric: 'tabular-nums' },
} as const;

export const letterColour = '#e0a84f';
