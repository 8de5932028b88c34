// Oblique slice views: the tilted frame stays orthonormal, its plane passes through the crosshair, and screen and
// world map onto each other through it; the other views' crosshair lines follow the tilted plane.
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import { dragToolFor } from '../../renderer/keys/shortcuts';
import { useView } from '../../renderer/state/view';
import { DEGREES_PER_PIXEL } from '../../renderer/tools/slice/rotateSliceTool';
import { sliceTools, type SliceToolContext } from '../../renderer/tools/slice/sliceTools';
import { crosshairLines } from '../../renderer/geometry/obliqueCrosshair';
import { compose, frameLetters, intersectionOnScreen, obliqueFrame, rotate, rotationAbout, tilted } from '../../renderer/geometry/obliqueGeometry';
import { dot, fitCamera, orientations, screenToWorld, sliceFrame, worldToScreen, type SliceFrame } from '../../renderer/geometry/sliceGeometry';

const volume = { dims: [128, 128, 96] as Vec3, spacing: [1.5, 1.5, 2] as Vec3, origin: [-95.25, -95.25, -95] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const [width, height] = [400, 300];
const axial = sliceFrame(volume, 'axial');
/** Three tilts about the view's own axes, as the keys make them. */
const turned = (() => {
  let rotation = tilted(undefined, axial.right, 30);
  rotation = tilted(rotation, obliqueFrame(axial, rotation).up, -25);
  return tilted(rotation, obliqueFrame(axial, rotation).right, 10);
})();
const frame = obliqueFrame(axial, turned);

const expectVec = (actual: Vec3, expected: Vec3, digits = 12) => actual.forEach((value, n) => expect(value).toBeCloseTo(expected[n]!, digits));

describe('the tilted frame', () => {
  test('a rotation about the x axis by 90° takes y to z (right-handed), and composing undoes it', () => {
    expectVec(rotate(rotationAbout([1, 0, 0], 90), [0, 1, 0]), [0, 0, 1]);
    expectVec(rotate(compose(rotationAbout([1, 0, 0], -90), rotationAbout([1, 0, 0], 90)), [0.3, -2, 5]), [0.3, -2, 5]);
  });

  test('is orthonormal and right-handed after several tilts', () => {
    for (const v of [frame.right, frame.up, frame.look]) expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    expect(dot(frame.right, frame.up)).toBeCloseTo(0, 12);
    expect(dot(frame.right, frame.look)).toBeCloseTo(0, 12);
    expect(dot(frame.up, frame.look)).toBeCloseTo(0, 12);
    // right = look × up, as for the orthogonal frames
    const cross: Vec3 = [
      frame.look[1] * frame.up[2] - frame.look[2] * frame.up[1],
      frame.look[2] * frame.up[0] - frame.look[0] * frame.up[2],
      frame.look[0] * frame.up[1] - frame.look[1] * frame.up[0],
    ];
    expectVec(cross, frame.right);
  });

  test('30° about the patient\'s left tips the top of the axial view (anterior) towards the feet', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const tilt = obliqueFrame(axial, tilted(undefined, axial.right, 30));
    expectVec(tilt.right, [1, 0, 0]);
    expectVec(tilt.up, [0, -c, -s]);
    expectVec(tilt.look, [0, -s, c]);
  });

  test('no rotation leaves the orthogonal frame as it is', () => {
    expect(obliqueFrame(axial, undefined)).toBe(axial);
  });
});

describe('screen and world through the tilted frame', () => {
  const cursor: Vec3 = [12.5, -30, 17];
  const camera = fitCamera(volume, frame, width, height, { zoom: 1.7, pan: [8, -5] });

  test('every pixel maps to a point on the plane through the crosshair', () => {
    for (const pixel of [[0, 0], [400, 300], [123.4, 56.7], [200, 150]] as [number, number][]) {
      const world = screenToWorld(camera, frame, width, height, pixel, cursor);
      expect(dot(world.map((value, n) => value - cursor[n]!) as Vec3, frame.look)).toBeCloseTo(0, 9);
    }
  });

  test('screen → world → screen is the identity, and the crosshair lands where it is drawn', () => {
    for (const pixel of [[0, 0], [399, 1], [123.4, 56.7]] as [number, number][]) {
      const back = worldToScreen(camera, frame, width, height, screenToWorld(camera, frame, width, height, pixel, cursor));
      expect(back[0]).toBeCloseTo(pixel[0], 9);
      expect(back[1]).toBeCloseTo(pixel[1], 9);
    }
    const drawn = worldToScreen(camera, frame, width, height, cursor);
    expectVec(screenToWorld(camera, frame, width, height, drawn, cursor), cursor, 9);
  });

  test('one screen pixel is the same distance in mm along any direction of the plane', () => {
    const a = screenToWorld(camera, frame, width, height, [100, 100], cursor);
    const across = screenToWorld(camera, frame, width, height, [101, 100], cursor);
    const down = screenToWorld(camera, frame, width, height, [100, 101], cursor);
    const mm = (p: Vec3, q: Vec3) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    expect(mm(a, across)).toBeCloseTo(mm(a, down), 12);
  });
});

describe('the crosshair of the other views', () => {
  test('orthogonal views cross at right angles: horizontal and vertical lines', () => {
    const lines = (from: SliceFrame, other: 'coronal' | 'sagittal') => intersectionOnScreen(from, sliceFrame(volume, other))!.map((v) => Math.abs(v) + 0);
    expect(lines(axial, 'coronal')).toEqual([1, 0]);
    expect(lines(axial, 'sagittal')).toEqual([0, 1]);
  });

  test('the sagittal view shows the axial plane tilted 30° about left–right as a line at 30°', () => {
    const rotations = { axial: tilted(undefined, axial.right, 30) };
    const lines = crosshairLines(volume, 'sagittal', sliceFrame(volume, 'sagittal'), rotations)!;
    const angles = lines.map(([x, y]) => Math.round(((Math.atan2(y, x) * 180) / Math.PI + 360) % 180));
    expect(angles.sort()).toEqual([90, 150].sort()); // the coronal plane still vertical; the tilted axial plane rising to the right
    expect(crosshairLines(volume, 'coronal', sliceFrame(volume, 'coronal'), rotations)!.map(([x, y]) => [Math.abs(x) + 0, Math.abs(y) + 0])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  test('while no view is tilted the plain crosshair is drawn', () => {
    expect(crosshairLines(volume, 'axial', axial, {})).toBeUndefined();
  });
});

describe('orientation letters of a tilted view', () => {
  test('are the orthogonal view\'s until a tilt passes 45°', () => {
    expect(frameLetters(axial)).toEqual(orientations.axial.letters);
    expect(frameLetters(obliqueFrame(axial, tilted(undefined, axial.right, 40)))).toEqual(orientations.axial.letters);
    expect(frameLetters(obliqueFrame(axial, tilted(undefined, axial.right, 60)))).toEqual(['I', 'L', 'S', 'R']);
  });
});

describe('the view state', () => {
  test('tilts one view, puts it back, and a new volume clears every tilt', () => {
    const { tilt, unrotate, reset } = useView.getState();
    tilt('axial', [1, 0, 0], 5);
    tilt('axial', [1, 0, 0], 5);
    expectVec(rotate(useView.getState().rotation.axial!, [0, 1, 0]), [0, Math.cos(Math.PI / 18), Math.sin(Math.PI / 18)]);
    expect(useView.getState().rotation.coronal).toBeUndefined();
    unrotate('axial');
    expect(useView.getState().rotation.axial).toBeUndefined();
    tilt('sagittal', [0, 0, 1], 5);
    reset({ ...volume, range: [0, 1000] } as unknown as Parameters<typeof reset>[0]);
    expect(useView.getState().rotation).toEqual({});
  });
});

describe('Shift+right-drag', () => {
  test('starts the rotation tool, which turns the plane half a degree per pixel about the axes the drag started with', () => {
    expect(dragToolFor({ button: 2, shiftKey: true })).toBe('rotateSlice');
    const turns: [Vec3, number][] = [];
    const context = { frame: axial, tilt: (about: Vec3, degrees: number) => turns.push([about, degrees]) } as unknown as SliceToolContext;
    const drag = sliceTools.rotateSlice.begin(context, { x: 10, y: 10 });
    drag.move({ x: 30, y: 10 });
    drag.move({ x: 30, y: 4 });
    expect(turns).toEqual([
      [axial.up, 20 * DEGREES_PER_PIXEL],
      [axial.right, -6 * DEGREES_PER_PIXEL],
    ]);
  });
});
