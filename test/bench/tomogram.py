#!/usr/bin/python3
"""A tomogram as beamlines write it (uint16 cube, 64³ chunks, gzip or bitshuffle-LZ4) and h5py's times on it.

  tomogram.py make PATH GIB gzip|bitshuffle-lz4   writes the cube (a smooth ramp plus noise), prints its side
  tomogram.py time PATH                           prints h5py's seconds as JSON (see `times` below)
  tomogram.py time-slabs PATH                     the same without the whole read (files larger than memory)
  tomogram.py centre PATH                         seconds to read the three centre slices from a freshly opened file
"""
import json
import sys
import time

import h5py
import hdf5plugin
import numpy as np


def make(path, gib, codec):
    n = int(round((gib * 2**30 / 2) ** (1 / 3)))
    filters = dict(compression="gzip", compression_opts=1) if codec == "gzip" else dict(**hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    rng = np.random.default_rng(15)
    y, x = np.mgrid[0:n, 0:n]
    with h5py.File(path, "w") as f:
        d = f.create_dataset("data", (n, n, n), np.uint16, chunks=(64, 64, 64), **filters)
        for z0 in range(0, n, 64):
            z = np.arange(z0, min(n, z0 + 64))[:, None, None]
            ramp = 1000 + 2 * x[None] + y[None] + z  # a smooth phantom plus noise: compresses like a tomogram
            d[z0:z0 + len(z)] = (ramp + rng.integers(0, 256, size=(len(z), n, n))).astype(np.uint16)
    print(n)


def plane(d, axis, index):
    """The slice at `index` along axis 0 = x, 1 = y, 2 = z of a (z, y, x) dataset."""
    where = [slice(None)] * 3
    where[2 - axis] = index
    return d[tuple(where)]


def seconds(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def times(path, whole=True):
    """whole: the dataset into one array (best of 3, as ours.ts); sequential: 64-slice slabs in turn (the pyramid's reference);
    cold[axis]: a slice as the first read of a freshly opened file; warm[axis]: the next slice in the same open
    dataset (HDF5's own chunk cache, 1 MiB unless told otherwise)."""
    out = {"cold": [], "warm": []}
    with h5py.File(path, "r") as f:
        d = f["data"]
        if whole:
            out["whole"] = min(seconds(lambda: d[()]) for _ in range(3))
        out["sequential"] = seconds(lambda: [d[z0:z0 + 64] for z0 in range(0, d.shape[0], 64)])
    for axis in range(3):
        with h5py.File(path, "r") as f:
            d = f["data"]
            index = d.shape[2 - axis] // 4  # as tomogramOurs.ts: the app's open reads the centre slices
            out["cold"].append(seconds(lambda: plane(d, axis, index)))
            out["warm"].append(seconds(lambda: plane(d, axis, index + 1)))
    out["tool"] = "h5py " + h5py.__version__
    print(json.dumps(out))


def centre(path):
    """What a viewer needs first: the centre slice along each axis, read from a freshly opened file."""
    with h5py.File(path, "r") as f:
        d = f["data"]
        print(seconds(lambda: [plane(d, axis, d.shape[2 - axis] // 2) for axis in range(3)]))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "centre":
        centre(sys.argv[2])
    else:
        times(sys.argv[2], whole=sys.argv[1] == "time")
