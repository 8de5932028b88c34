// The left button draws with one tool at a time: a segmentation tool, or a measuring tool (the crosshair being
// the "none" of both). Choosing one puts the other down, so a key never leaves two tools fighting for a drag.
import { useEffect } from 'react';
import { useMeasurements, type LeftTool } from '../../state/measurements';
import { useSegments } from '../../state/segments';

export function chooseMeasuringTool(tool: LeftTool): void {
  useMeasurements.getState().setTool(tool);
  useSegments.getState().setTool(undefined);
}

/** While mounted, choosing a segmentation tool returns the measuring tools to the crosshair. */
export function useOneLeftTool(): void {
  useEffect(
    () =>
      useSegments.subscribe(({ tool }, previous) => {
        if (tool && tool !== previous.tool) useMeasurements.getState().setTool('crosshair');
      }),
    [],
  );
}
