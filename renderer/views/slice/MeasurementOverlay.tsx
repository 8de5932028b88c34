// The measurements on the plane a slice view shows: rulers with their length, angles with their degrees,
// ellipses and rectangles with their statistics, and a handle on every point to drag. SVG with its own
// colours, so screenshots carry it.
import type { Vec3 } from '../../../electron/common/contract';
import type { Measurement } from '../../state/measurements';
import { angleAt, distance, type RoiStats } from '../../geometry/measureGeometry';
import { overlayText } from './overlayStyle';

const colour = '#f2c94c';
const selectedColour = '#4aa3df';
const HANDLE_RADIUS = 4;

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4).replace(/\.?0+$/, '')).replace('-', '−');

/** The text beside a measurement: '52.5 mm', '90.0°', or a region's statistics, one line each. */
export function measurementLines(item: Measurement, unit: string, valueUnit = ''): string[] {
  const [a, b, c] = item.points as [Vec3, Vec3, Vec3 | undefined];
  if (item.kind === 'ruler') return [`${distance(a, b).toFixed(2)} ${unit}`];
  if (item.kind === 'angle') return c ? [`${angleAt(a, b, c).toFixed(1)}°`] : [];
  return item.stats ? statsLines(item.stats, unit, valueUnit) : [];
}

function statsLines(stats: RoiStats, unit: string, valueUnit: string): string[] {
  const suffix = valueUnit ? ` ${valueUnit}` : '';
  return [
    `mean ${number(stats.mean)} ± ${number(stats.std)}${suffix}`,
    `min ${number(stats.min)}  max ${number(stats.max)}`,
    `area ${number(stats.area)} ${unit}²${stats.level ? ` (level ${stats.level})` : ''}`,
  ];
}

export function MeasurementOverlay(props: {
  width: number;
  height: number;
  items: Measurement[];
  selected?: string;
  unit: string;
  valueUnit?: string;
  toScreen(world: Vec3): [number, number];
}) {
  const { width, height, items, selected, unit, valueUnit, toScreen } = props;
  return (
    <svg className="overlay measurements" width={width} height={height} xmlns="http://www.w3.org/2000/svg">
      {items.map((item) => {
        const screen = item.points.map(toScreen);
        const stroke = item.id === selected ? selectedColour : colour;
        const lines = measurementLines(item, unit, valueUnit);
        const [x0, y0] = screen[0]!;
        const [x1, y1] = screen[1]!;
        // Beside the shape on the right, or on its left where the right would run out of the view.
        const onLeft = item.kind !== 'angle' && Math.max(x0, x1) + 160 > width;
        const labelAt = item.kind === 'angle' ? screen[1]! : [onLeft ? Math.min(x0, x1) - 20 : Math.max(x0, x1) + 8, Math.min(y0, y1)];
        return (
          <g key={item.id} data-testid="measurement" data-kind={item.kind} data-name={item.name} data-text={lines.join(' | ')}>
            <g stroke={stroke} strokeWidth={1.5} fill="none">
              {(item.kind === 'ruler' || item.kind === 'angle') && <polyline points={screen.map((p) => p.join(',')).join(' ')} />}
              {item.kind === 'ellipse' && <ellipse cx={(x0 + x1) / 2} cy={(y0 + y1) / 2} rx={Math.abs(x1 - x0) / 2} ry={Math.abs(y1 - y0) / 2} />}
              {item.kind === 'rectangle' && <rect x={Math.min(x0, x1)} y={Math.min(y0, y1)} width={Math.abs(x1 - x0)} height={Math.abs(y1 - y0)} />}
              {screen.map(([x, y], n) => (
                <circle key={n} cx={x} cy={y} r={HANDLE_RADIUS} fill="rgb(0 0 0 / 40%)" />
              ))}
            </g>
            <g {...overlayText} fill={stroke} fontSize={11} textAnchor={onLeft ? 'end' : 'start'}>
              {lines.map((line, n) => (
                <text key={n} x={labelAt[0]! + 6} y={labelAt[1]! - 6 + n * 14}>
                  {line}
                </text>
              ))}
            </g>
          </g>
        );
      })}
    </svg>
  );
}
