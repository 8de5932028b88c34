// Slices arriving from a PACS into a large series, shown over a level standing in for its pyramid: nothing is
// written into the stand-in's voxels; each round shows the newest info (the slice views fetch their slices again).
import { expect, test, vi } from 'vitest';
import type { VolumeInfo } from '../../electron/common/contract';
import { receiveSlices } from '../../renderer/state/arrivingSlices';

const infoWith = (arrived: number, missing: [number, number][]) =>
  ({ id: 'wide', name: 'CT wide', dims: [130, 70, 10], dtype: 'int16', building: true, arrival: { arrived, total: 10, first: 5, missing } }) as unknown as VolumeInfo;

test('over a stand-in level, arrivals show as new infos at a steady pace, and no voxel is written', async () => {
  vi.useFakeTimers();
  const standIn = new Int16Array(33 * 18 * 3);
  const shownInfos: VolumeInfo[] = [];
  const target = {
    shown: () => ({ full: shownInfos.at(-1) ?? infoWith(1, [[0, 4], [6, 9]]), level: 2, voxels: standIn }),
    showVoxels: () => expect.unreachable('a stand-in level takes no slices'),
    showInfo: (info: VolumeInfo) => void shownInfos.push(info),
    fail: (error: unknown) => expect.unreachable(String(error)),
  };
  const first = receiveSlices(infoWith(2, [[0, 4], [7, 9]]), [6], target);
  expect(shownInfos.map((info) => info.arrival!.arrived)).toEqual([2]);
  // Two more arrive during the pause: one round shows the newest of them.
  void receiveSlices(infoWith(3, [[0, 3], [7, 9]]), [4], target);
  void receiveSlices(infoWith(4, [[0, 3], [8, 9]]), [7], target);
  await vi.advanceTimersByTimeAsync(500);
  expect(shownInfos.map((info) => info.arrival!.arrived)).toEqual([2, 4]);
  await vi.advanceTimersByTimeAsync(500);
  await first;
  expect(standIn.every((value) => value === 0)).toBe(true);
  vi.useRealTimers();
});
