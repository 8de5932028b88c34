// What a slice view draws over the image: crosshair, orientation letters, slice number, window/level, the
// readout under the mouse and a scale bar. One SVG with its own colours, so screenshots carry it as shown.
import type { CornerLines } from '../../display/cornerAnnotations';
import type { ScaleBar } from '../../geometry/scaleBar';
import type { SliceOrientation } from '../../geometry/sliceGeometry';
import { letterColour, overlayText, viewColours } from './overlayStyle';

export interface SliceOverlayProps {
  orientation: SliceOrientation;
  width: number;
  height: number;
  letters: readonly [string, string, string, string];
  label: string;
  /** Screen position of the crosshair; absent before a volume is shown. */
  crosshair?: [number, number];
  /** Screen directions of the other views' planes through the crosshair, once a view is oblique; else horizontal and vertical. */
  lines?: [number, number][];
  windowLevel?: string;
  /** A line under the label: what the view does not draw (an oblique plane's layers). */
  note?: string;
  /** Index, position and value under the mouse. */
  readout?: readonly [string, string, string];
  scaleBar?: ScaleBar;
  /** Patient, study, series and slice in the corners; absent while hidden. */
  corners?: CornerLines;
}

const GAP = 12;
const LINE = 15;

/** Lines stacked from `y` downwards (or upwards, for the bottom corners), aligned to `x`. */
function Lines({ lines, x, y, up, anchor, testId }: { lines: string[]; x: number; y: number; up?: boolean; anchor: 'start' | 'end'; testId: string }) {
  return (
    <g data-testid={testId}>
      {lines.map((line, n) => (
        <text key={n} x={x} y={up ? y - (lines.length - 1 - n) * LINE : y + n * LINE} textAnchor={anchor}>
          {line}
        </text>
      ))}
    </g>
  );
}

export function SliceOverlay({ orientation, width, height, letters, label, crosshair, lines, windowLevel, note, readout, scaleBar, corners }: SliceOverlayProps) {
  const colour = viewColours[orientation];
  const reach = width + height;
  return (
    <svg className="overlay" width={width} height={height} xmlns="http://www.w3.org/2000/svg">
      {crosshair && lines && (
        <g stroke={colour} strokeWidth={1} opacity={0.8} data-testid="oblique-crosshair">
          {lines.flatMap(([dx, dy], n) =>
            [1, -1].map((side) => (
              <line
                key={`${n} ${side}`}
                x1={crosshair[0] + side * GAP * dx}
                y1={crosshair[1] + side * GAP * dy}
                x2={crosshair[0] + side * reach * dx}
                y2={crosshair[1] + side * reach * dy}
              />
            )),
          )}
        </g>
      )}
      {crosshair && !lines && (
        <g stroke={colour} strokeWidth={1} opacity={0.8}>
          <line x1={0} x2={crosshair[0] - GAP} y1={crosshair[1]} y2={crosshair[1]} />
          <line x1={crosshair[0] + GAP} x2={width} y1={crosshair[1]} y2={crosshair[1]} />
          <line x1={crosshair[0]} x2={crosshair[0]} y1={0} y2={crosshair[1] - GAP} />
          <line x1={crosshair[0]} x2={crosshair[0]} y1={crosshair[1] + GAP} y2={height} />
        </g>
      )}
      <g {...overlayText} fill={letterColour} fontSize={13} fontWeight={600}>
        <text x={width / 2} y={18} textAnchor="middle">{letters[0]}</text>
        <text x={width - 8} y={height / 2} textAnchor="end">{letters[1]}</text>
        <text x={width / 2} y={height - 8} textAnchor="middle">{letters[2]}</text>
        <text x={8} y={height / 2}>{letters[3]}</text>
      </g>
      <g {...overlayText}>
        <text x={8} y={18} fill={colour} data-testid="view-label">{label}</text>
        {windowLevel && <text x={width - 8} y={18} textAnchor="end" data-testid="window-level">{windowLevel}</text>}
        {note && (
          <text x={8} y={34} fontSize={11} data-testid="view-note">
            {note}
          </text>
        )}
        {corners && (
          <g fontSize={11} data-testid="corner-annotations">
            <Lines lines={corners.topRight} x={width - 8} y={windowLevel ? 34 : 18} anchor="end" testId="corner-patient" />
            <Lines lines={corners.bottomLeft} x={8} y={height - 8} up anchor="start" testId="corner-study" />
            <Lines lines={corners.bottomRight} x={width - 8} y={height - 40} up anchor="end" testId="corner-slice" />
          </g>
        )}
        {readout && (
          <g fontSize={11} data-testid="readout" transform={note ? 'translate(0 15)' : undefined}>
            <text x={8} y={36} data-testid="readout-index">{readout[0]}</text>
            <text x={8} y={51} data-testid="readout-position">{readout[1]}</text>
            <text x={8} y={66} data-testid="readout-value">{readout[2]}</text>
          </g>
        )}
      </g>
      {scaleBar && (
        <g data-testid="scale-bar" data-length={scaleBar.length} data-pixels={scaleBar.pixels}>
          <path
            d={`M ${width - GAP - scaleBar.pixels} ${height - 18} v 6 h ${scaleBar.pixels} v -6`}
            fill="none"
            stroke="#c9d1d9"
            strokeWidth={1.5}
          />
          <text {...overlayText} fontSize={11} x={width - GAP - scaleBar.pixels / 2} y={height - 22} textAnchor="middle">
            {scaleBar.label}
          </text>
        </g>
      )}
    </svg>
  );
}
