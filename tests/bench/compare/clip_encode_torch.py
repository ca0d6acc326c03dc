#!/usr/bin/python3
"""Python baseline for bench_clip_encode: the same ViT-B/16-shaped CLIP
(OpenAI's model code: nn.MultiheadAttention, QuickGELU, pre-norm blocks) with
random weights, encoding 224 px images and 77-token texts.

    /usr/bin/python3 tests/bench/compare/clip_encode_torch.py [--threads N] [--batch B] [--iters K]
                                                             [--device cpu|cuda] [--dtype fp32|fp16|bf16]
"""
import argparse
import os
import time
from collections import OrderedDict

import torch
from torch import nn


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, attn_mask=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(width, width * 4)), ("gelu", QuickGELU()), ("c_proj", nn.Linear(width * 4, width))]))
        self.ln_2 = nn.LayerNorm(width)
        self.attn_mask = attn_mask

    def attention(self, x):
        mask = self.attn_mask.to(dtype=x.dtype, device=x.device) if self.attn_mask is not None else None
        return self.attn(x, x, x, need_weights=False, attn_mask=mask)[0]

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, attn_mask=None):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, attn_mask) for _ in range(layers)])

    def forward(self, x):
        return self.resblocks(x)


class VisionTransformer(nn.Module):
    def __init__(self, resolution, patch, width, layers, heads, output_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        scale = width ** -0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((resolution // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.transformer = Transformer(width, layers, heads)
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, output_dim))

    def forward(self, x):
        x = self.conv1(x)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        cls = self.class_embedding.to(x.dtype) + torch.zeros(x.shape[0], 1, x.shape[-1], dtype=x.dtype, device=x.device)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding.to(x.dtype)
        x = self.ln_pre(x).permute(1, 0, 2)  # NLD -> LND
        x = self.transformer(x).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


class TextTransformer(nn.Module):
    def __init__(self, context, vocab, width, layers, heads, output_dim):
        super().__init__()
        mask = torch.empty(context, context).fill_(float("-inf")).triu_(1)
        self.transformer = Transformer(width, layers, heads, mask)
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context, width) * 0.01)
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.randn(width, output_dim) * width ** -0.5)

    def forward(self, text):
        x = self.token_embedding(text) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--iters", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--dtype", default="")
    p.add_argument("--no-text", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    dtype_name = a.dtype or ("fp16" if device.type == "cuda" else "fp32")
    dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[dtype_name]
    iters = a.iters or (50 if device.type == "cuda" else 3)
    print(f"python {torch.__version__}: {os.cpu_count()} logical cores; intra-op threads: {torch.get_num_threads()}")
    print(f"device: {device}, dtype {dtype_name}, batch {a.batch}, {iters} timed batches")

    torch.manual_seed(0)
    visual = VisionTransformer(224, 16, 768, 12, 12, 512).to(device, dtype).eval()
    pixels = torch.randn(a.batch, 3, 224, 224).to(device, dtype)

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    with torch.inference_mode():
        visual(pixels)
        sync()
        t0 = time.perf_counter()
        for _ in range(iters):
            visual(pixels)
        sync()
        dt = time.perf_counter() - t0
        print(f"encode_image: {a.batch * iters / dt:.3f} images/s ({1000 * dt / (a.batch * iters):.1f} ms/image)")
        if not a.no_text:
            text = TextTransformer(77, 49408, 512, 12, 8, 512).to(device, dtype).eval()
            ids = torch.randint(1, 49000, (a.batch, 77))
            ids[:, 0] = 49406
            ids[:, -1] = 49407
            ids = ids.to(device)
            text(ids)
            sync()
            t0 = time.perf_counter()
            for _ in range(iters):
                text(ids)
            sync()
            dt = time.perf_counter() - t0
            print(f"encode_text (77 tokens): {a.batch * iters / dt:.3f} texts/s")


if __name__ == "__main__":
    main()
