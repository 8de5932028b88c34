// Window/level set from the volume on screen, for the toolbar and the keys alike.
import { useView } from '../state/view';
import { useVolumes } from '../state/volumes';
import { fullRangeWindow, percentileWindow } from '../display/windowLevel';

/** Black at the 1st percentile of the volume's values, white at the 99th. */
export function autoWindow(): void {
  const shown = useVolumes.getState().shown;
  if (shown) useView.getState().setWindowLevel(percentileWindow(shown.voxels, shown.info.range));
}

export function fullRange(): void {
  const shown = useVolumes.getState().shown;
  if (shown) useView.getState().setWindowLevel(fullRangeWindow(shown.info.range));
}
