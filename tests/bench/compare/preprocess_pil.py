#!/usr/bin/python3
"""Python baseline for tests/bench/bench_preprocess.cpp: CLIP preprocessing
with PIL + torchvision (OpenAI's `_transform`: Resize(R, BICUBIC),
CenterCrop(R), RGB, ToTensor, Normalize) on the same images, one thread.

usage: /usr/bin/python3 preprocess_pil.py [DATASET_ROOT] [--resolution R] [--limit N]
       [--save-reference OUT.npz]   (also writes the tensors, to compare with
                                      `plumage-cli preprocess` output)
"""
import argparse
import io
import os
import time

import torch
from PIL import Image
from torchvision import transforms

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


def clip_transform(r):
    return transforms.Compose([
        transforms.Resize(r, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(r),
        lambda im: im.convert("RGB"),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_root = os.path.join(os.environ.get("PLUMAGE_SHARED_DATA", os.path.join(here, "../../../../shared/data")),
                                "cub200-subset")
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default=default_root)
    ap.add_argument("--resolution", type=int, default=224)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--save-reference", default="")
    a = ap.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(a.root, "images.txt")) as f:
        files = [os.path.join(a.root, "images", line.split(None, 1)[1].strip()) for line in f if line.strip()]
    if a.limit:
        files = files[: a.limit]
    data = [open(p, "rb").read() for p in files]  # exclude disk I/O, as the C++ benchmark does
    # Rates use process CPU time: on a shared, busy machine wall time measures
    # the neighbours; CPU time of one thread is "per core" (as in the C++ benchmark).
    tf = clip_transform(a.resolution)
    print(f"machine: {os.cpu_count()} hardware threads; torch threads {torch.get_num_threads()}")
    print(f"images: {len(files)} from {a.root}, resolution {a.resolution}")
    for rep in range(2):
        t0 = time.process_time()
        for b in data:
            im = Image.open(io.BytesIO(b))
            im.load()
        t_decode = time.process_time() - t0
        t0 = time.process_time()
        out = []
        for b in data:
            x = tf(Image.open(io.BytesIO(b)))
            if a.save_reference:
                out.append(x)
        t_full = time.process_time() - t0
    print(f"decode only:          {len(data) / t_decode:.1f} images/s per core, CPU time")
    print(f"decode + preprocess:  {len(data) / t_full:.1f} images/s per core, CPU time")
    if a.save_reference:
        import numpy as np
        np.savez(a.save_reference, pixels=torch.stack(out).numpy(), files=np.array(files))
        print("wrote", a.save_reference)


if __name__ == "__main__":
    main()
