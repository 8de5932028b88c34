import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { comboOf, dragToolFor, gestureOf, keyShortcutFor, shortcuts, shortcutsMarkdown, wheelActionFor } from '../../renderer/keys/shortcuts';
import { sliceTools } from '../../renderer/tools/slice/sliceTools';

const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('the shortcut registry', () => {
  test('ids are unique', () => {
    const ids = shortcuts.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('no key, drag or wheel is bound twice', () => {
    const bindings = shortcuts.flatMap((entry) => [
      ...('keys' in entry ? entry.keys.map((key) => `key ${key}`) : []),
      ...('drag' in entry ? entry.drag.map((drag) => `drag ${drag.button} ${'shift' in drag ? 'shift' : ''}`) : []),
      ...('wheel' in entry ? [`wheel ${entry.wheel.ctrl} ${'shift' in entry.wheel ? entry.wheel.shift : false}`] : []),
    ]);
    expect(bindings.length).toBeGreaterThan(20);
    expect(bindings.filter((binding, n) => bindings.indexOf(binding) !== n)).toEqual([]);
  });

  test('every entry says how to trigger it and what it does', () => {
    for (const entry of shortcuts) {
      expect(gestureOf(entry), entry.id).not.toBe('');
      expect(entry.does.trim(), entry.id).not.toBe('');
    }
  });

  test('every drag binding has its slice-view tool', () => {
    const dragIds = shortcuts.filter((entry) => 'drag' in entry).map((entry) => entry.id);
    expect(Object.keys(sliceTools).sort()).toEqual([...dragIds].sort());
    for (const [id, tool] of Object.entries(sliceTools)) expect(tool.id).toBe(id);
  });

  test('the README table lists every entry', () => {
    const table = shortcutsMarkdown();
    expect(table.split('\n')).toHaveLength(shortcuts.length + 2);
    expect(table).toContain('| Slice views | Right-drag | Window (drag left–right) and level (drag up–down) |');
    expect(table).toContain('| Anywhere | ? or F1 | Show / hide this help |');
    expect(readFileSync('README.md', 'utf8')).toContain(table);
  });
});

describe('key presses', () => {
  test('are spelt as the registry spells them', () => {
    expect(comboOf(press('r'))).toBe('R');
    expect(comboOf(press('S', { shiftKey: true }))).toBe('Shift+S');
    expect(comboOf(press('o', { ctrlKey: true }))).toBe('Ctrl+O');
    expect(comboOf(press('o', { metaKey: true }))).toBe('Ctrl+O');
    expect(comboOf(press('?', { shiftKey: true }))).toBe('?');
    expect(comboOf(press('PageUp', { shiftKey: true }))).toBe('Shift+PageUp');
  });

  test('find their entries', () => {
    expect(keyShortcutFor(press('r'))).toBe('resetView');
    expect(keyShortcutFor(press('R', { shiftKey: true }))).toBeUndefined();
    expect(keyShortcutFor(press('s'))).toBe('screenshotView');
    expect(keyShortcutFor(press('S', { shiftKey: true }))).toBe('screenshotLayout');
    expect(keyShortcutFor(press('?', { shiftKey: true }))).toBe('help');
    expect(keyShortcutFor(press('F1'))).toBe('help');
    expect(keyShortcutFor(press('1'))).toBe('layoutOne');
    expect(keyShortcutFor(press('ArrowDown'))).toBe('nextSlice');
    expect(keyShortcutFor(press('r', { ctrlKey: true }))).toBeUndefined(); // the browser's reload stays the browser's
  });
});

test('buttons and the wheel pick the slice tools as VolView and ITK-SNAP do', () => {
  expect(dragToolFor({ button: 0, shiftKey: false })).toBe('moveCrosshair');
  expect(dragToolFor({ button: 0, shiftKey: true })).toBe('pan');
  expect(dragToolFor({ button: 1, shiftKey: false })).toBe('pan');
  expect(dragToolFor({ button: 2, shiftKey: false })).toBe('windowLevel');
  expect(dragToolFor({ button: 3, shiftKey: false })).toBeUndefined();
  expect(wheelActionFor({ ctrlKey: true })).toBe('zoom');
  expect(wheelActionFor({ ctrlKey: false })).toBe('scrollSlices');
  // Shift+wheel sizes the brush while paint or erase is the tool (3D Slicer), else it scrolls; Ctrl still zooms.
  expect(wheelActionFor({ ctrlKey: false, shiftKey: true, brushing: true })).toBe('brushSizeWheel');
  expect(wheelActionFor({ ctrlKey: false, shiftKey: true, brushing: false })).toBe('scrollSlices');
  expect(wheelActionFor({ ctrlKey: true, shiftKey: true, brushing: true })).toBe('zoom');
});
