#!/usr/bin/python3
"""Reference side of `npm run bench`: makes the inputs and times the reference tools on them.

  reference.py make DIR            writes the benchmark inputs into DIR
  reference.py time NAME PATH      times reference NAME on PATH, prints {"seconds": best of 3, "tool": ...}
"""
import json
import os
import sys
import time

import gdcm
import h5py
import hdf5plugin
import nibabel as nib
import numpy as np
import pydicom
import tifffile
from pydicom.pixel_data_handlers.util import apply_modality_lut

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import make_dicom  # noqa: E402


def make(folder):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(0)
    zyx = rng.integers(0, 4000, size=(256, 256, 256), dtype=np.uint16)
    zyx[64:192, 64:192, 64:192] //= 8  # some structure so compression behaves as on real scans
    nifti = os.path.join(folder, "volume-256.nii.gz")
    if not os.path.exists(nifti):
        nib.save(nib.Nifti1Image(np.asfortranarray(zyx.T.astype(np.int16)), np.diag([0.5, 0.5, 0.5, 1])), nifti)
    hdf5 = os.path.join(folder, "volume-256.h5")
    if not os.path.exists(hdf5):
        with h5py.File(hdf5, "w") as f:
            f.create_dataset("entry/data/data", data=zyx, chunks=(32, 256, 256), compression="gzip", compression_opts=4)
    # As Dectris and MAX IV write them: bitshuffle + LZ4, 64³ chunks.
    bslz4 = os.path.join(folder, "volume-256-bslz4.h5")
    if not os.path.exists(bslz4):
        with h5py.File(bslz4, "w") as f:
            f.create_dataset("entry/data/data", data=zyx, chunks=(64, 64, 64), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    # A CT series as scanners write it: one file per 512² slice, 12 bits stored = HU + 1024, in shuffled order.
    series = os.path.join(folder, "dicom-ct-512")
    if not os.path.isdir(series):
        make_dicom.OUT = folder
        hu = np.clip(rng.normal(40, 300, size=(200, 512, 512)), -1024, 3000).astype(np.int16)
        make_dicom.write_series("dicom-ct-512", (hu + 1024).astype(np.uint16), modality="CT", series="bench",
                                intercept=-1024.0, spacing=(0.7, 0.7, 1.25), signed=False, bits_stored=12)
    # The same series in JPEG 2000 lossless, as GDCM writes it (its OpenJPEG; an encoder apart from our decoder).
    j2k = os.path.join(folder, "dicom-ct-512-j2k")
    if not os.path.isdir(j2k):
        os.makedirs(j2k + ".partial", exist_ok=True)
        for name in sorted(os.listdir(series)):
            make_dicom.transcode(os.path.join(series, name), os.path.join(j2k + ".partial", name), make_dicom.GDCM_CODECS["j2k_lossless"])
        os.rename(j2k + ".partial", j2k)
    # One multipage TIFF, a page per slice, deflate (zlib) strips as tifffile writes them.
    tiff = os.path.join(folder, "volume-256-deflate.tif")
    if not os.path.exists(tiff):
        tifffile.imwrite(tiff + ".partial", zyx, compression="zlib", photometric="minisblack")
        os.rename(tiff + ".partial", tiff)


def read_nifti(path):
    return np.asarray(nib.load(path).dataobj)


def read_hdf5(path):
    with h5py.File(path, "r") as f:
        return f["entry/data/data"][...]


def sagittal_slice(path):
    with h5py.File(path, "r") as f:
        return f["entry/data/data"][:, :, 128]


def read_dicom(folder):
    """The usual pydicom recipe: read every file, sort along the slice normal, stack with the rescale applied."""
    datasets = [pydicom.dcmread(os.path.join(folder, name)) for name in os.listdir(folder)]
    row_col = np.array(datasets[0].ImageOrientationPatient, float).reshape(2, 3)
    normal = np.cross(row_col[0], row_col[1])
    datasets.sort(key=lambda ds: float(np.array(ds.ImagePositionPatient, float) @ normal))
    return np.stack([apply_modality_lut(ds.pixel_array, ds) for ds in datasets])


def read_dicom_gdcm(folder):
    """The same recipe with GDCM (native OpenJPEG) decoding the frames, as pydicom picks it for JPEG 2000 here."""
    handlers = pydicom.config.pixel_data_handlers
    pydicom.config.pixel_data_handlers = [pydicom.pixel_data_handlers.gdcm_handler]
    try:
        return read_dicom(folder)
    finally:
        pydicom.config.pixel_data_handlers = handlers


def read_tiff(path):
    return tifffile.imread(path)


H5PY = "h5py " + h5py.__version__
REFERENCES = {
    "read-nifti": ("nibabel " + nib.__version__, read_nifti),
    "read-hdf5": (H5PY, read_hdf5),
    "slice-x": (H5PY, sagittal_slice),
    "read-dicom": ("pydicom " + pydicom.__version__ + " + numpy", read_dicom),
    "read-dicom-j2k": ("pydicom " + pydicom.__version__ + " + GDCM " + gdcm.Version.GetVersion(), read_dicom_gdcm),
    "read-tiff": ("tifffile " + tifffile.__version__, read_tiff),
}


def time_reference(name, path):
    tool, run = REFERENCES[name]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run(path)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"seconds": best, "tool": tool}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        time_reference(sys.argv[2], sys.argv[3])
