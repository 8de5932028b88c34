// The command line's usage text, apart from the commands: `voxbench --help` prints it without loading any of them.

export const inferenceUsage = `  voxbench models list [--json]              the bundled models and the user's library
  voxbench models add M.json                 add a model (M.json + the .onnx it names) to the library
  voxbench segment (--model NAME|M.onnx | --manifest M.json) [--provider cuda,webgpu,cpu] [--threads N] IN -o OUT
                                             run a model on a scan and write its labelmap (.nii.gz, .seg.nrrd, .h5 …;
                                             .dcm: a DICOM SEG on a DICOM input's series)`;

export const deidentifyUsage = `  voxbench deidentify [--shift-days N] [--confirm-burned-in] IN OUT
                                             de-identify DICOM (PS3.15 basic profile; dates shifted N days, else removed)`;

export const gpuUsage = `  voxbench gpu [--model NAME]                  providers and GPU adapters, each provider tried on one patch (default: demo-tissue)`;

export const syncUsage = `  voxbench sync targets                     list the data-centre targets
  voxbench sync targets add --name N --endpoint URL --bucket B [--prefix P] --auth env:PREFIX|file:PATH
           [--catalogue URL --owner O --owner-group G --email E] [--bandwidth BYTES_PER_S]
  voxbench sync targets remove NAME
  voxbench sync push --target N [--description TEXT] [--provenance FILE.json] FILE...
  voxbench sync push --target N --as ome-zarr [--description TEXT] [--provenance FILE.json] SCAN
                                            publish one scan as multiscale OME-Zarr, to open in place (s3://N/DATASET/NAME.ome.zarr)
  voxbench sync push-labels --target N [--description TEXT] s3://T/DATASET/NAME.ome.zarr LABELMAP
                                            a labelmap on that dataset's grid, pushed as its NGFF label image (a derived dataset)
  voxbench sync resume                      finish every unfinished job (paused, failed or interrupted) from its last stored part
  voxbench sync pause JOB                   stop a job where it is; resume continues it
  voxbench sync cancel JOB                  stop a job for good and abort its multipart uploads
  voxbench sync status [--json]             the queue and the history (changes nothing)
  voxbench sync pull --target N [DATASET [--into DIR] [--overwrite]]   list a target's datasets, or download one`;

export const recipeUsage = `  voxbench recipe run RECIPE SCAN -o OUT [--models DIR] [--ran FILE.json]
                                             replay a recipe's steps on SCAN and write its labelmap (.nii.gz, .seg.nrrd …);
                                             --models: the model library folder; --ran: the models run and their providers`;

export const batchUsage = `  voxbench batch run --recipe R.json --out DIR [--local N | --login USER@HOST:PORT --key K --known-hosts F]
        [--cpus N --mem MB --time MIN --throttle T --partition P --account A --qos Q --gpus G] [--remote-dir D] [--node CMD] [--target T] [--no-wait] SCAN…
                                             replay R on each SCAN as a Slurm job array (or N at a time here);
                                             a SCAN s3://TARGET/DATASET is a data-centre dataset, pulled (checksums verified) first;
                                             with --target, each labelmap is pushed to sync target T as a derived dataset;
                                             --node CMD: how a node runs Node.js (e.g. apptainer exec --bind /data node20.sif node)
  voxbench batch status|cancel|resubmit JOB [--task I] [--wait]   a job from the journal`;

export const usage = `Usage:
  voxbench serve [--port N] [--open PATH] [--browse FOLDER]... [--pyramid-above MB]
                                          browser mode on 127.0.0.1 (pyramids for volumes over MB, default 512);
                                          its Open dialog lists home and each --browse FOLDER
  voxbench open PATH|URL [--port N]         serve browser mode with it open (s3://TARGET/KEY, https://…/x.zarr: in place)
  voxbench info [--json] [PICK] PATH        what a scan holds: format, geometry, value range
  voxbench convert [PICK] IN OUT            write IN as OUT (.nii, .nii.gz, .nrrd, .h5, .ome.zarr)
${inferenceUsage}
${deidentifyUsage}
${gpuUsage}
${syncUsage}
${recipeUsage}
${batchUsage}
PICK, for files or folders holding several images: --dataset HDF5PATH | --series UID, and --frame N`;
