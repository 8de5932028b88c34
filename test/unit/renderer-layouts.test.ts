import { beforeEach, expect, test } from 'vitest';
import { useLayout } from '../../renderer/state/layout';
import { viewAreas } from '../../renderer/geometry/layouts';

test('2×2 keeps the reading order: axial, 3D, coronal, sagittal', () => {
  expect(viewAreas('four-up', 'sagittal')).toEqual({ axial: 'a', volume: 'b', coronal: 'c', sagittal: 'd' });
});

test('1×1 shows the main view alone', () => {
  expect(viewAreas('one', 'coronal')).toEqual({ axial: undefined, volume: undefined, coronal: 'main', sagittal: undefined });
});

test('1+3 shows the main view large and the other three in a column', () => {
  expect(viewAreas('one-plus-three', 'volume')).toEqual({ axial: 's1', volume: 'main', coronal: 's2', sagittal: 's3' });
});

beforeEach(() => useLayout.setState({ layout: 'four-up', main: 'axial', active: 'axial', hovered: undefined, restoreTo: undefined }));

test('a double-click maximises a view, and a second one restores the layout it came from', () => {
  const { setLayout, toggleMaximised } = useLayout.getState();
  useLayout.getState().setHovered('sagittal');
  setLayout('one-plus-three');
  expect(useLayout.getState()).toMatchObject({ layout: 'one-plus-three', main: 'sagittal' });
  toggleMaximised('coronal');
  expect(useLayout.getState()).toMatchObject({ layout: 'one', main: 'coronal' });
  toggleMaximised('coronal');
  expect(useLayout.getState()).toMatchObject({ layout: 'one-plus-three' });
});

test('hovering a small view of 1+3 does not swap it into the large cell', () => {
  useLayout.getState().setLayout('one-plus-three');
  useLayout.getState().setHovered('volume');
  expect(useLayout.getState()).toMatchObject({ main: 'axial', active: 'volume' });
});
