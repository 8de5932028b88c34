import { useEffect, useState } from 'react';
import { connect } from './api';
import { CandidatePicker } from './panels/CandidatePicker';
import { FilesPanel } from './panels/FilesPanel';
import { VolumeInfoBar } from './panels/VolumeInfoBar';
import { useVolumes } from './state/volumes';
import { SliceView } from './views/SliceView';
import { VolumeView } from './views/VolumeView';

export function App() {
  const { shown, connect: attach, openFile, fail } = useVolumes();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    connect().then(attach).catch(fail);
  }, [attach, fail]);

  return (
    <div
      className={`app ${dragging ? 'dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) void openFile(file);
      }}
    >
      <VolumeInfoBar />
      <CandidatePicker />
      <FilesPanel />
      <main className="views four-up">
        <SliceView orientation="axial" volume={shown} />
        <VolumeView volume={shown} />
        <SliceView orientation="coronal" volume={shown} />
        <SliceView orientation="sagittal" volume={shown} />
      </main>
    </div>
  );
}
