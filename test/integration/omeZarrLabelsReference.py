"""The truth for sync-labels.test.ts, from numpy and zarr-python (Debian python3-zarr 2.x), not Voxbench.

check STORE LABELS.raw NX NY NZ DTYPE   reads a pushed NGFF label image (downloaded to a folder) with zarr-python and
                                        prints JSON: level 0 against the labelmap (raw, x fastest), each coarser level
                                        against numpy's 2x2x2 block mode of the level above (ties to the smallest
                                        value, odd edges of the voxels that exist), and the NGFF 0.4 image-label
"""
import json
import sys

import numpy as np
import zarr

ABSENT = -1


def block_mode(level):
    """The most frequent value of each 2x2x2 block (of the voxels that exist), the smallest of those tied."""
    padded = np.full([side + side % 2 for side in level.shape], ABSENT, dtype=np.int64)
    padded[: level.shape[0], : level.shape[1], : level.shape[2]] = level
    a, b, c = (side // 2 for side in padded.shape)
    blocks = padded.reshape(a, 2, b, 2, c, 2).transpose(0, 2, 4, 1, 3, 5).reshape(a, b, c, 8)
    counts = (blocks[..., :, None] == blocks[..., None, :]).sum(axis=-1)
    counts[blocks == ABSENT] = 0
    # Most votes first; among equal votes the smallest value (values are below 2**16).
    score = counts * (1 << 17) - blocks
    pick = np.argmax(score, axis=-1)
    return np.take_along_axis(blocks, pick[..., None], axis=-1)[..., 0]


def image_label_errors(label):
    errors = []
    if label.get("version") != "0.4":
        errors.append(f"image-label version {label.get('version')}")
    for color in label.get("colors", []):
        rgba = color.get("rgba")
        if not isinstance(color.get("label-value"), int) or not (isinstance(rgba, list) and len(rgba) == 4 and all(isinstance(v, int) and 0 <= v <= 255 for v in rgba)):
            errors.append(f"color {color}")
    for entry in label.get("properties", []):
        if not isinstance(entry.get("label-value"), int):
            errors.append(f"property {entry}")
    return errors


def check(store, raw, nx, ny, nz, dtype):
    labelmap = np.fromfile(raw, dtype=dtype).reshape(nz, ny, nx)  # x fastest: the store's [z, y, x]
    group = zarr.open_group(store, mode="r")
    attributes = group.attrs.asdict()
    multiscale = attributes["multiscales"][0]
    label = attributes.get("image-label", {})
    errors = image_label_errors(label) if label else ["no image-label"]
    if multiscale.get("version") != "0.4":
        errors.append(f"version {multiscale.get('version')}")
    if [axis["name"] for axis in multiscale["axes"]] != ["z", "y", "x"]:
        errors.append(f"axes {multiscale['axes']}")
    levels = []
    expected = labelmap.astype(np.int64)
    for index, dataset in enumerate(multiscale["datasets"]):
        if index > 0:
            expected = block_mode(expected)
        data = group[dataset["path"]][...]
        levels.append({
            "shape": list(data.shape),
            "dtype": str(data.dtype),
            "differing": int((data.astype(np.int64) != expected).sum()) if data.shape == expected.shape else None,
            "values": sorted(int(v) for v in np.unique(data)),
        })
    print(json.dumps({"errors": errors, "levels": levels, "imageLabel": label, "type": multiscale.get("type")}))


if __name__ == "__main__":
    check(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]), sys.argv[7])
