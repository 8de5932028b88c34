#!/usr/bin/python3
"""Reference side of the segmentation-kernel benchmarks (test/bench/kernels.ts).

  kernel_reference.py make DIR N          writes DIR/phantom-N.raw (int16, N³, x-fastest) and DIR/phantom-N.json
  kernel_reference.py time OP DIR N       times OP on that phantom, prints {"seconds": ..., "tool": ...}
"""
import json
import os
import sys
import time

import numpy as np
from scipy import ndimage
from skimage.measure import marching_cubes
from skimage.segmentation import flood

THRESHOLD = 60  # phantom intensity above which a voxel belongs to the mask
DILATE_MM = 3.0
RUNS = 3  # median of three, as kernels.ts does for ours


def make(folder, n):
    """A segmented-phantom-like scan: hundreds of overlapping balls of varied intensity in noise."""
    path = os.path.join(folder, f"phantom-{n}.raw")
    if os.path.exists(path):
        return
    rng = np.random.default_rng(n)
    image = rng.normal(0, 25, (n, n, n)).astype(np.int16)
    seed = None
    for k in range(300):
        r = rng.uniform(0.01, 0.08) * n
        c = rng.uniform(r, n - r, 3)
        lo = np.maximum((c - r).astype(int), 0)
        hi = np.minimum((c + r).astype(int) + 2, n)
        z, y, x = np.ogrid[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
        ball = (z - c[0]) ** 2 + (y - c[1]) ** 2 + (x - c[2]) ** 2 <= r * r
        image[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]][ball] += np.int16(rng.uniform(80, 200))
        if k == 0:
            seed = int(c[0].round()) * n * n + int(c[1].round()) * n + int(c[2].round())
    image.tofile(path)
    with open(os.path.join(folder, f"phantom-{n}.json"), "w") as f:
        json.dump({"seed": seed, "threshold": THRESHOLD, "dilateMm": DILATE_MM}, f)


def ball(mm):
    r = int(mm)
    z, y, x = np.ogrid[-r:r + 1, -r:r + 1, -r:r + 1]
    return z * z + y * y + x * x <= mm * mm * (1 + 1e-5)


def grow(image, seed):
    return flood(image >= THRESHOLD, np.unravel_index(seed, image.shape))


OPERATIONS = {
    "components": ("scipy.ndimage.label", lambda image, mask, seed: ndimage.label(mask)),
    "marching-cubes": ("skimage marching_cubes", lambda image, mask, seed: marching_cubes(mask, 0.5)),
    "dilate": ("scipy binary_dilation", lambda image, mask, seed: ndimage.binary_dilation(mask, ball(DILATE_MM))),
    "grow": ("threshold + skimage flood", lambda image, mask, seed: grow(image, seed)),
    "median": ("scipy median_filter", lambda image, mask, seed: ndimage.median_filter(mask, size=3)),
    "gaussian": ("scipy gaussian_filter > 0.5", lambda image, mask, seed: ndimage.gaussian_filter(mask.astype(np.float32), 1.5) > 0.5),
}


def time_operation(op, folder, n):
    image = np.fromfile(os.path.join(folder, f"phantom-{n}.raw"), np.int16).reshape(n, n, n)
    with open(os.path.join(folder, f"phantom-{n}.json")) as f:
        seed = json.load(f)["seed"]
    mask = (image >= THRESHOLD).view(np.uint8)
    tool, run = OPERATIONS[op]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run(image, mask, seed)
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": sorted(times)[RUNS // 2], "tool": tool}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]))
    else:
        time_operation(sys.argv[2], sys.argv[3], int(sys.argv[4]))
