// The slice views' pointer state machine, idle → dragging → idle, with recording tools.
import { expect, test } from 'vitest';
import type { DragToolId } from '../../renderer/keys/shortcuts';
import { Gesture, type DragTool, type Point } from '../../renderer/tools/slice/gesture';

function recorder() {
  const log: string[] = [];
  const tool = (id: DragToolId): DragTool<string> => ({
    id,
    begin(context, at) {
      log.push(`${id} begin ${context} ${at.x},${at.y}`);
      return { move: ({ x, y }: Point) => log.push(`${id} move ${x},${y}`), end: () => log.push(`${id} end`) };
    },
  });
  return { log, gesture: new Gesture<string>({ moveCrosshair: tool('moveCrosshair'), windowLevel: tool('windowLevel'), pan: tool('pan'), rotateSlice: tool('rotateSlice') }) };
}

const pointer = (x: number, y: number, button = 0, shiftKey = false, pointerId = 1) => ({ x, y, button, shiftKey, pointerId });

test('a right-drag runs window/level from down to up, then the machine is idle again', () => {
  const { log, gesture } = recorder();
  expect(gesture.move(pointer(1, 1))).toBe(false); // hovering
  expect(gesture.down(pointer(10, 20, 2), 'ctx')).toBe(true);
  expect(gesture.dragging).toBe('windowLevel');
  gesture.move(pointer(15, 25, -1));
  gesture.up({ pointerId: 1 });
  expect(gesture.dragging).toBeUndefined();
  gesture.move(pointer(30, 30));
  expect(log).toEqual(['windowLevel begin ctx 10,20', 'windowLevel move 15,25', 'windowLevel end']);
});

test('Shift+left and middle pan; plain left moves the crosshair', () => {
  for (const [button, shift, tool] of [[0, true, 'pan'], [1, false, 'pan'], [0, false, 'moveCrosshair']] as const) {
    const { gesture } = recorder();
    gesture.down(pointer(0, 0, button, shift), 'ctx');
    expect(gesture.dragging).toBe(tool);
  }
});

test('a second button or pointer while dragging does not start another tool, nor steal the drag', () => {
  const { log, gesture } = recorder();
  gesture.down(pointer(0, 0, 0), 'ctx');
  expect(gesture.down(pointer(5, 5, 2, false, 2), 'ctx')).toBe(false);
  expect(gesture.move(pointer(7, 7, 0, false, 2))).toBe(false);
  gesture.up({ pointerId: 2 });
  expect(gesture.dragging).toBe('moveCrosshair');
  gesture.up({ pointerId: 1 });
  expect(log).toEqual(['moveCrosshair begin ctx 0,0', 'moveCrosshair end']);
});

test('a button no tool is bound to leaves the machine idle', () => {
  const { log, gesture } = recorder();
  expect(gesture.down(pointer(0, 0, 4), 'ctx')).toBe(false);
  expect(gesture.dragging).toBeUndefined();
  expect(log).toEqual([]);
});
