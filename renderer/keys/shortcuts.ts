// The one list of every mouse action and key in the viewer (keys act on the view under the mouse where it matters). The key handler, the slice views' drag and wheel
// handlers and the help overlay all read it, so the help cannot drift from what the app does. Pure: no DOM.

export type Where = 'Slice views' | '3D view' | 'Any view' | 'Anywhere' | 'Segments';

/** A mouse drag that starts a tool in a slice view. Buttons as in PointerEvent.button: 0 left, 1 middle, 2 right. */
export interface DragBinding {
  button: 0 | 1 | 2;
  shift?: boolean;
}

interface Entry {
  id: string;
  where: Where;
  does: string;
  /** Keys as matched and shown: 'R', 'Shift+S', 'Ctrl+O', 'ArrowUp', '?'. */
  keys?: readonly string[];
  /** Drags that start this slice-view tool. */
  drag?: readonly DragBinding[];
  /** The wheel, with or without Ctrl (and Shift). */
  wheel?: { ctrl: boolean; shift?: boolean };
  /** Any other mouse action, in words (double-click, and the 3D view's vtk.js trackball camera). */
  mouse?: string;
}

export const shortcuts = [
  { id: 'moveCrosshair', where: 'Slice views', drag: [{ button: 0 }], does: 'Move the crosshair (all views follow), or draw with the measuring tool; drag a handle to move it' },
  { id: 'windowLevel', where: 'Slice views', drag: [{ button: 2 }], does: 'Window (drag left–right) and level (drag up–down)' },
  { id: 'pan', where: 'Slice views', drag: [{ button: 1 }, { button: 0, shift: true }], does: 'Pan' },
  { id: 'rotateSlice', where: 'Slice views', drag: [{ button: 2, shift: true }], does: 'Oblique: turn the plane about the crosshair (drag left–right or up–down)' },
  { id: 'zoom', where: 'Slice views', wheel: { ctrl: true }, does: 'Zoom about the mouse' },
  { id: 'scrollSlices', where: 'Slice views', wheel: { ctrl: false }, does: 'Previous / next slice' },
  { id: 'previousSlice', where: 'Slice views', keys: ['ArrowUp'], does: 'Previous slice' },
  { id: 'nextSlice', where: 'Slice views', keys: ['ArrowDown'], does: 'Next slice' },
  { id: 'back10Slices', where: 'Slice views', keys: ['PageUp'], does: '10 slices back' },
  { id: 'forward10Slices', where: 'Slice views', keys: ['PageDown'], does: '10 slices forward' },
  { id: 'toolCrosshair', where: 'Slice views', keys: ['C'], does: 'Crosshair: put down any measuring or segmentation tool' },
  { id: 'toolRuler', where: 'Slice views', keys: ['L'], does: 'Tool: ruler (mm)' },
  { id: 'toolAngle', where: 'Slice views', keys: ['Shift+L'], does: 'Tool: angle (drag one arm, click the other end)' },
  { id: 'toolEllipse', where: 'Slice views', keys: ['Shift+O'], does: 'Tool: ellipse region statistics' },
  { id: 'toolRectangle', where: 'Slice views', keys: ['Shift+B'], does: 'Tool: rectangle region statistics' },
  { id: 'deleteMeasurement', where: 'Anywhere', keys: ['Delete', 'Backspace'], does: 'Delete the selected measurement' },
  { id: 'tiltLeft', where: 'Slice views', keys: ['Shift+ArrowLeft'], does: 'Oblique: turn the plane 5° about the screen\'s vertical through the crosshair' },
  { id: 'tiltRight', where: 'Slice views', keys: ['Shift+ArrowRight'], does: 'Oblique: turn the plane 5° the other way about the screen\'s vertical' },
  { id: 'tiltUp', where: 'Slice views', keys: ['Shift+ArrowUp'], does: 'Oblique: tilt the plane 5° about the screen\'s horizontal through the crosshair' },
  { id: 'tiltDown', where: 'Slice views', keys: ['Shift+ArrowDown'], does: 'Oblique: tilt the plane 5° the other way about the screen\'s horizontal' },
  { id: 'unrotate', where: 'Slice views', keys: ['Home'], does: 'Back to the axial / coronal / sagittal plane' },
  { id: 'cine', where: 'Slice views', keys: ['P'], does: 'Cine: play / stop through the slices' },
  { id: 'toggleAnnotations', where: 'Slice views', keys: ['V'], does: 'Show / hide the corner annotations (patient, study, series, slice, window/level)' },
  { id: 'rotate3d', where: '3D view', mouse: 'Left-drag', does: 'Rotate' },
  { id: 'pan3d', where: '3D view', mouse: 'Shift+left-drag', does: 'Pan' },
  { id: 'spin3d', where: '3D view', mouse: 'Ctrl+left-drag', does: 'Spin about the line of sight' },
  { id: 'zoom3d', where: '3D view', mouse: 'Wheel, or Ctrl+Shift+left-drag', does: 'Zoom' },
  { id: 'maximise', where: 'Any view', mouse: 'Double-click', does: 'Maximise the view / restore the layout' },
  { id: 'resetView', where: 'Any view', keys: ['R'], does: 'Reset zoom and pan (the view under the mouse, or all)' },
  { id: 'screenshotView', where: 'Any view', keys: ['S'], does: 'Save the view under the mouse as PNG' },
  { id: 'autoWindow', where: 'Anywhere', keys: ['A'], does: 'Auto window/level (1st–99th percentile)' },
  { id: 'fullRangeWindow', where: 'Anywhere', keys: ['F'], does: 'Window/level over the full value range' },
  { id: 'layoutOne', where: 'Anywhere', keys: ['1'], does: 'Layout 1×1 (the view last under the mouse)' },
  { id: 'layoutFourUp', where: 'Anywhere', keys: ['2'], does: 'Layout 2×2' },
  { id: 'layoutOnePlusThree', where: 'Anywhere', keys: ['3'], does: 'Layout 1+3 (the view last under the mouse, large)' },
  { id: 'screenshotLayout', where: 'Anywhere', keys: ['Shift+S'], does: 'Save the whole layout as PNG' },
  { id: 'openScan', where: 'Anywhere', keys: ['Ctrl+O'], does: 'Open a scan' },
  { id: 'help', where: 'Anywhere', keys: ['?', 'F1'], does: 'Show / hide this help' },
  { id: 'closeHelp', where: 'Anywhere', keys: ['Escape'], does: 'Close the help or the Open dialog; else clear the AI prompt points and box' },
  // Segment Editor keys, after 3D Slicer and ITK-SNAP (B brush, ',' '.' for the label, '-' '+' for the brush size).
  { id: 'segmentPointer', where: 'Segments', mouse: 'Left-drag or click in a slice view', does: 'Use the chosen tool: paint, erase, draw the scissors outline, place a seed' },
  { id: 'toolBrush', where: 'Segments', keys: ['B'], does: 'Paint tool' },
  { id: 'toolEraser', where: 'Segments', keys: ['E'], does: 'Erase tool' },
  { id: 'toolScissors', where: 'Segments', keys: ['X'], does: 'Scissors tool' },
  { id: 'toolThreshold', where: 'Segments', keys: ['T'], does: 'Threshold tool' },
  { id: 'toolGrow', where: 'Segments', keys: ['G'], does: 'Grow from seeds tool' },
  { id: 'toolIslands', where: 'Segments', keys: ['I'], does: 'Islands tool' },
  { id: 'toolMorphology', where: 'Segments', keys: ['M'], does: 'Morphology tool' },
  { id: 'toolFillHoles', where: 'Segments', keys: ['H'], does: 'Fill holes tool' },
  { id: 'undoEdit', where: 'Segments', keys: ['Ctrl+Z'], does: 'Undo the last segment edit' },
  { id: 'redoEdit', where: 'Segments', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], does: 'Redo' },
  { id: 'brushSmaller', where: 'Segments', keys: ['-'], does: 'Smaller brush' },
  { id: 'brushLarger', where: 'Segments', keys: ['+', '='], does: 'Larger brush' },
  { id: 'brushSizeWheel', where: 'Segments', wheel: { ctrl: false, shift: true }, does: 'Paint / erase tool: larger (wheel up) or smaller (down) brush, ×1.1 per notch; the slice stays' },
  { id: 'previousSegment', where: 'Segments', keys: [','], does: 'Previous segment' },
  { id: 'nextSegment', where: 'Segments', keys: ['.'], does: 'Next segment' },
  { id: 'toggleOutline', where: 'Segments', keys: ['O'], does: 'Segments filled / as outlines' },
  { id: 'promptPointer', where: 'Segments', mouse: 'Click or left-drag in a slice view (prompt model chosen)', does: 'AI prompt: click places a point, drag draws a box on that slice' },
  { id: 'togglePromptNegative', where: 'Segments', keys: ['N'], does: 'AI prompt points: positive / negative' },
] as const satisfies readonly Entry[];

export type Shortcut = (typeof shortcuts)[number];
export type ShortcutId = Shortcut['id'];
export type KeyShortcutId = Extract<Shortcut, { keys: readonly string[] }>['id'];
export type DragToolId = Extract<Shortcut, { drag: readonly DragBinding[] }>['id'];
export type WheelActionId = Extract<Shortcut, { wheel: object }>['id'];

const entries: readonly Entry[] = shortcuts;

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * A key press as the registry spells it. Letters are upper case and carry Shift; other printable keys
 * ('?', '1') already say what Shift did, so it is left out; named keys ('F1', 'PageUp') carry it.
 */
export function comboOf({ key, ctrlKey, metaKey, altKey, shiftKey }: KeyInput): string {
  const letter = /^[a-z]$/i.test(key);
  const printable = key.length === 1;
  const parts = [ctrlKey || metaKey ? 'Ctrl' : '', altKey ? 'Alt' : '', shiftKey && (letter || !printable) ? 'Shift' : ''];
  return [...parts.filter(Boolean), printable ? key.toUpperCase() : key].join('+');
}

export function keyShortcutFor(input: KeyInput): KeyShortcutId | undefined {
  const combo = comboOf(input);
  return entries.find((entry) => entry.keys?.includes(combo))?.id as KeyShortcutId | undefined;
}

export function dragToolFor({ button, shiftKey }: { button: number; shiftKey: boolean }): DragToolId | undefined {
  return entries.find((entry) => entry.drag?.some((drag) => drag.button === button && Boolean(drag.shift) === shiftKey))?.id as DragToolId | undefined;
}

/** What the wheel does in a slice view; Shift sizes the brush only while paint or erase is the tool (`brushing`). */
export function wheelActionFor({ ctrlKey, shiftKey = false, brushing = false }: { ctrlKey: boolean; shiftKey?: boolean; brushing?: boolean }): WheelActionId {
  const shift = shiftKey && brushing && !ctrlKey;
  return entries.find((entry) => entry.wheel?.ctrl === ctrlKey && Boolean(entry.wheel.shift) === shift)!.id as WheelActionId;
}

const buttonNames = ['Left', 'Middle', 'Right'];
const keyNames: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  'Shift+ArrowLeft': 'Shift+←',
  'Shift+ArrowRight': 'Shift+→',
  'Shift+ArrowUp': 'Shift+↑',
  'Shift+ArrowDown': 'Shift+↓',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
  Escape: 'Esc',
};

/** How the user triggers an entry, in words: 'Right-drag', 'Ctrl+wheel', 'R', 'Shift+S'. */
export function gestureOf(entry: Shortcut): string {
  const any: Entry = entry;
  if (any.keys) return any.keys.map((key) => keyNames[key] ?? key).join(' or ');
  if (any.drag) {
    return any.drag
      .map(({ button, shift }) => `${shift ? 'Shift+' : ''}${shift ? buttonNames[button]!.toLowerCase() : buttonNames[button]}-drag`)
      .join(' or ');
  }
  if (any.wheel) return any.wheel.ctrl ? 'Ctrl+wheel' : any.wheel.shift ? 'Shift+wheel' : 'Wheel';
  return any.mouse ?? '';
}

export const shortcutGroups: Where[] = ['Slice views', '3D view', 'Any view', 'Anywhere', 'Segments'];

/** The registry as a Markdown table, for the README. */
export function shortcutsMarkdown(): string {
  const rows = shortcutGroups.flatMap((where) =>
    shortcuts.filter((entry) => entry.where === where).map((entry) => `| ${where} | ${gestureOf(entry)} | ${entry.does} |`),
  );
  return ['| Where | Mouse / key | Does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The key(s) of an entry, for tooltips: ' (S)'. */
export function keyHint(id: KeyShortcutId): string {
  return ` (${gestureOf(shortcuts.find((entry) => entry.id === id)!)})`;
}
