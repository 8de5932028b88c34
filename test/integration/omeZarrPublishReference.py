"""The truth for sync-omezarr.test.ts, from nibabel, numpy and zarr-python (Debian python3-zarr 2.x), not Voxbench.

make OUT.nii.gz NX NY NZ DTYPE   a NIfTI with an oblique affine (a rotation, anisotropic spacing, an origin); prints
                                 the SHA-256 of its voxels, x fastest
check STORE SOURCE.nii.gz        reads the pushed OME-Zarr (downloaded to a folder) with zarr-python and prints JSON:
                                 each level against numpy's 2x2x2 block mean of the level above (level 0 against the
                                 source), and the NGFF 0.4 metadata against the source's affine
"""
import hashlib
import json
import sys

import nibabel
import numpy as np
import zarr


def make(out, nx, ny, nz, dtype):
    x, y, z = np.ogrid[:nx, :ny, :nz]
    rng = np.random.default_rng(16)
    data = ((x * 3 + y * 5 + z * 7) % 200).astype(np.int16) + rng.integers(0, 50, size=(nx, ny, nz), dtype=np.int16)
    angle = np.deg2rad(20)
    rotation = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    affine = np.eye(4)
    affine[:3, :3] = rotation @ np.diag([0.7, 0.8, 1.5])
    affine[:3, 3] = [-120.5, 33.25, 7.0]
    nibabel.save(nibabel.Nifti1Image(data.astype(dtype), affine), out)
    print(json.dumps({"sha256": hashlib.sha256(data.astype(dtype).tobytes(order="F")).hexdigest()}))  # x fastest


def block_mean(level, integer):
    """2x2x2 block means of the voxels that exist at odd edges; integers rounded half up."""
    padded = np.full([side + side % 2 for side in level.shape], np.nan)
    padded[: level.shape[0], : level.shape[1], : level.shape[2]] = level
    a, b, c = (side // 2 for side in padded.shape)
    mean = np.nanmean(padded.reshape(a, 2, b, 2, c, 2), axis=(1, 3, 5))
    return np.floor(mean + 0.5) if integer else mean


def check(store, source):
    image = nibabel.load(source)
    voxels = np.asarray(image.dataobj).transpose(2, 1, 0)  # nibabel's [x, y, z] as the store's [z, y, x]
    group = zarr.open_group(store, mode="r")
    attributes = group.attrs.asdict()
    multiscale = attributes["multiscales"][0]
    errors = []
    if multiscale.get("version") != "0.4":
        errors.append(f"version {multiscale.get('version')}")
    if [axis["name"] for axis in multiscale["axes"]] != ["z", "y", "x"] or any(axis["type"] != "space" for axis in multiscale["axes"]):
        errors.append(f"axes {multiscale['axes']}")
    spacing = np.asarray(image.header.get_zooms()[:3], dtype=float)
    direction = image.affine[:3, :3] / spacing
    origin_in_image_frame = np.linalg.solve(direction, image.affine[:3, 3])
    levels = []
    expected = voxels.astype(np.float64)
    integer = np.issubdtype(voxels.dtype, np.integer)
    for index, dataset in enumerate(multiscale["datasets"]):
        array = group[dataset["path"]]
        if index > 0:
            expected = block_mean(expected, integer)
        data = array[...]
        transforms = {transform["type"]: transform for transform in dataset["coordinateTransformations"]}
        if [transform["type"] for transform in dataset["coordinateTransformations"]] != ["scale", "translation"]:
            errors.append(f"level {index}: transforms {dataset['coordinateTransformations']}")
        scale = np.asarray(transforms["scale"]["scale"])[::-1]
        translation = np.asarray(transforms["translation"]["translation"])[::-1]
        levels.append({
            "shape": list(data.shape),
            "dtype": str(data.dtype),
            "maxDifference": float(np.abs(data.astype(np.float64) - expected).max()) if data.shape == expected.shape else None,
            "scaleError": float(np.abs(scale - spacing * 2**index).max()),
            "translationError": float(np.abs(translation - (origin_in_image_frame + spacing * (2**index - 1) / 2)).max()),
        })
    ours = attributes.get("voxbench", {})
    # Our attributes hold the patient transform in LPS (ITK's world); nibabel's affine is RAS.
    lps = np.diag([-1.0, -1.0, 1.0])
    direction_error = float(np.abs(np.asarray(ours.get("direction"), dtype=float).reshape(3, 3) - lps @ direction).max())
    origin_error = float(np.abs(np.asarray(ours.get("origin"), dtype=float) - lps @ image.affine[:3, 3]).max())
    print(json.dumps({"errors": errors, "levels": levels, "directionError": direction_error, "originError": origin_error, "sourceDtype": str(voxels.dtype)}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], *map(int, sys.argv[3:6]), sys.argv[6])
    else:
        check(sys.argv[2], sys.argv[3])
