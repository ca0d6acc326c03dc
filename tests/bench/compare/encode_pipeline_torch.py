#!/usr/bin/python3
"""Python baseline for bench_encode_pipeline: the same work with PyTorch + PIL
+ torchvision (OpenAI's CLIP preprocessing and a ViT-B/16 image tower with
random weights, written as in OpenAI's model.py).

  /usr/bin/python3 tests/bench/compare/encode_pipeline_torch.py [--threads T]
      [--images N] [--e2e-images M] [--batch B] [--dataset ROOT]

T is both the DataLoader worker count and torch.set_num_threads, as the C++
benchmark uses T decode threads and T intra-op threads.
"""
import argparse, os, time
from collections import OrderedDict

import torch
from torch import nn
from PIL import Image
from torchvision.transforms import Compose, Resize, CenterCrop, ToTensor, Normalize, InterpolationMode

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.normpath(os.path.join(HERE, "../../../../shared/data/cub200-subset"))


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads)
        self.ln_1 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(d, d * 4)), ("gelu", QuickGELU()),
                                              ("c_proj", nn.Linear(d * 4, d))]))
        self.ln_2 = nn.LayerNorm(d)

    def forward(self, x):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class VisionTransformer(nn.Module):
    def __init__(self, resolution=224, patch=16, width=768, layers=12, heads=12, output_dim=512):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        scale = width ** -0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((resolution // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.Sequential(*[ResidualAttentionBlock(width, heads) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, output_dim))

    def forward(self, x):
        x = self.conv1(x).flatten(2).permute(0, 2, 1)
        cls = self.class_embedding.to(x.dtype) + torch.zeros(x.shape[0], 1, x.shape[-1], dtype=x.dtype)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding.to(x.dtype)
        x = self.ln_pre(x).permute(1, 0, 2)
        x = self.blocks(x).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


class Images(torch.utils.data.Dataset):
    def __init__(self, paths, transform):
        self.paths, self.transform = paths, transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        return self.transform(Image.open(self.paths[i]).convert("RGB"))


def list_images(root, n):
    with open(os.path.join(root, "images.txt")) as f:
        paths = [os.path.join(root, "images", line.split()[1]) for line in f if line.strip()]
    return [paths[i % len(paths)] for i in range(n)]


def loader(paths, batch, threads):
    transform = Compose([Resize(224, interpolation=InterpolationMode.BICUBIC), CenterCrop(224), ToTensor(),
                         Normalize((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711))])
    return torch.utils.data.DataLoader(Images(paths, transform), batch_size=batch, num_workers=threads)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--images", type=int, default=512)
    ap.add_argument("--e2e-images", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--dataset", default=DEFAULT_ROOT)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print(f"encode_pipeline_torch: torch {torch.__version__}; {os.cpu_count()} hardware threads; "
          f"DataLoader workers {a.threads}, torch threads {torch.get_num_threads()}; batch {a.batch}")

    for _ in loader(list_images(a.dataset, 16), a.batch, a.threads):  # warm-up
        pass
    t0 = time.perf_counter()
    n = sum(b.shape[0] for b in loader(list_images(a.dataset, a.images), a.batch, a.threads))
    dt = time.perf_counter() - t0
    print(f"(a) decode+preprocess 224 px: {n} images in {dt:.2f} s = {n / dt:.1f} images/s")

    torch.manual_seed(0)
    model = VisionTransformer().eval()
    with torch.inference_mode():
        for b in loader(list_images(a.dataset, min(a.batch, a.e2e_images)), a.batch, a.threads):  # warm-up
            model(b)
        t0 = time.perf_counter()
        n, norm = 0, 0.0
        for b in loader(list_images(a.dataset, a.e2e_images), a.batch, a.threads):
            f = model(b)
            n += f.shape[0]
            norm += float(f.norm())
        dt = time.perf_counter() - t0
    print(f"(b) end to end ViT-B/16 cpu fp32: {n} images in {dt:.2f} s = {n / dt:.2f} images/s")


if __name__ == "__main__":
    main()
