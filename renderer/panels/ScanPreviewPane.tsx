// The Open dialog's preview: the centre slice of the scan the pointer rests on, drawn from the host's grey bytes.
import { useEffect, useRef } from 'react';
import type { ScanPreview } from '../../electron/common/hostFilesCalls';
import { useHostFiles } from '../state/hostFiles';

function GreyCanvas({ image }: { image: ScanPreview }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const grey = Uint8Array.from(atob(image.grey), (char) => char.charCodeAt(0));
    const pixels = new ImageData(image.width, image.height);
    grey.forEach((value, i) => pixels.data.set([value, value, value, 255], 4 * i));
    canvas.current!.getContext('2d')!.putImageData(pixels, 0, 0);
  }, [image]);
  return <canvas ref={canvas} width={image.width} height={image.height} data-testid="scan-preview-image" />;
}

export function ScanPreviewPane() {
  const preview = useHostFiles((state) => state.preview);
  if (!preview) return <p className="hint">Rest the pointer on a scan to see its centre slice.</p>;
  const name = preview.path.split(/[\\/]/).pop();
  return (
    <figure className="scan-preview" data-testid="scan-preview">
      {preview.image ? <GreyCanvas image={preview.image} /> : <div className="scan-preview-empty">{preview.image === null ? 'No preview' : 'Reading…'}</div>}
      <figcaption title={preview.path}>{name}: centre slice</figcaption>
    </figure>
  );
}
