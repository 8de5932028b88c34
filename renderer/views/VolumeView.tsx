import { useEffect, useRef } from 'react';
import type { ShownVolume } from '../state/volumes';
import { VolumePipeline } from './volumePipeline';

export function VolumeView({ volume }: { volume?: ShownVolume }) {
  const container = useRef<HTMLDivElement>(null);
  const pipeline = useRef<VolumePipeline | null>(null);

  useEffect(() => {
    const created = new VolumePipeline(container.current!);
    pipeline.current = created;
    return () => {
      created.dispose();
      pipeline.current = null;
    };
  }, []);

  useEffect(() => {
    if (volume) pipeline.current?.setVolume(volume.info, volume.image);
  }, [volume]);

  return (
    <div className="view volume-view" data-view="volume">
      <div className="vtk-canvas" ref={container} />
      <div className="view-label">3D</div>
    </div>
  );
}
