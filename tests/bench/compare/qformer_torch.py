#!/usr/bin/python3
"""Python/PyTorch baseline for bench_qformer: the identical Q-Former
architecture and training step as core/engine/train (qformer_model.cpp,
qformer_train.cpp), timed in steps/s.

Architecture: 32 learned queries, hidden 256, 4 layers, 8 heads, FFN 1024,
dropout 0.1, pre-norm; per layer self-attention over the queries,
cross-attention to LayerNorm'd 77x512 token features with a key padding mask,
GELU FFN; mean pooling, projection to 512. Loss: cosine + symmetric InfoNCE
(learnable temperature, same-image negatives masked). AdamW (no decay on
biases/norms/temperature), warmup+cosine LR, grad clipping 1.0. Batch 128.
  /usr/bin/python3 tests/bench/compare/qformer_torch.py [--threads 1] [--steps 8] [--device cpu|cuda]
On CUDA the forward runs under bf16 autocast (as the engine's amp option does)
and AdamW and gradient clipping use PyTorch's defaults there (foreach kernels).
"""
import argparse
import os

import blas_threads  # noqa: F401  (sets OPENBLAS_NUM_THREADS before torch loads)
import contextlib
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--blas-threads", type=int, default=0)
p.add_argument("--steps", type=int, default=8)
p.add_argument("--warmup", type=int, default=4)
p.add_argument("--device", default="cpu")
args = p.parse_args()
torch.set_num_threads(args.threads)

Q, H, L, HEADS, FFN, DROP, T, W, E, B = 32, 256, 4, 8, 1024, 0.1, 77, 512, 512, 128


def attention(q, k, v, heads, mask, drop):
    b, nq, h = q.shape
    t = k.shape[1]
    d = h // heads
    qh = q.view(b, nq, heads, d).transpose(1, 2)
    kh = k.view(b, t, heads, d).transpose(1, 2)
    vh = v.view(b, t, heads, d).transpose(1, 2)
    s = torch.matmul(qh, kh.transpose(-2, -1)) * (1.0 / math.sqrt(d))
    if mask is not None:
        s = s + mask
    a = drop(torch.softmax(s, -1))
    return torch.matmul(a, vh).transpose(1, 2).reshape(b, nq, h)


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_self = nn.LayerNorm(H, eps=1e-6)
        self.qkv = nn.Linear(H, 3 * H)
        self.self_out = nn.Linear(H, H)
        self.ln_cross = nn.LayerNorm(H, eps=1e-6)
        self.cross_q = nn.Linear(H, H)
        self.cross_kv = nn.Linear(W, 2 * H)
        self.cross_out = nn.Linear(H, H)
        self.ln_ffn = nn.LayerNorm(H, eps=1e-6)
        self.ff1 = nn.Linear(H, FFN)
        self.ff2 = nn.Linear(FFN, H)


class QFormer(nn.Module):
    def __init__(self):
        super().__init__()
        self.queries = nn.Parameter(torch.randn(Q, H) * 0.02)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.ln_tokens = nn.LayerNorm(W, eps=1e-6)
        self.layers = nn.ModuleList([Layer() for _ in range(L)])
        self.ln_final = nn.LayerNorm(H, eps=1e-6)
        self.proj = nn.Linear(H, E)
        self.drop = nn.Dropout(DROP)

    def forward(self, tokens, lengths):
        b, t, _ = tokens.shape
        pad = torch.arange(t, device=tokens.device).unsqueeze(0) >= lengths.unsqueeze(1)
        mask = torch.zeros(b, t, device=tokens.device).masked_fill_(pad, float("-inf")).view(b, 1, 1, t)
        mem = self.ln_tokens(tokens)
        x = self.queries.unsqueeze(0).expand(b, Q, H)
        d = self.drop
        for l in self.layers:
            q, k, v = l.qkv(l.ln_self(x)).chunk(3, -1)
            x = x + d(l.self_out(attention(q, k, v, HEADS, None, d)))
            k, v = l.cross_kv(mem).chunk(2, -1)
            x = x + d(l.cross_out(attention(l.cross_q(l.ln_cross(x)), k, v, HEADS, mask, d)))
            x = x + d(l.ff2(F.gelu(l.ff1(l.ln_ffn(x)))))
        return self.proj(self.ln_final(x).mean(1))


def loss_fn(pred, target, rows, logit_scale):
    pn, tn = F.normalize(pred, dim=1), F.normalize(target, dim=1)
    loss = (1 - (pn * tn).sum(1)).mean()
    same = rows.unsqueeze(1) == rows.unsqueeze(0)
    eye = torch.eye(len(rows), dtype=torch.bool, device=rows.device)
    logits = (pn @ tn.t() * logit_scale.exp().clamp(max=100)).masked_fill(same & ~eye, float("-inf"))
    labels = torch.arange(len(rows), device=rows.device)
    return loss + 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels))


def main():
    dev = torch.device(args.device)
    g = torch.Generator().manual_seed(0)
    pool = 512
    tokens = torch.randn(pool, T, W, generator=g).to(dev)
    lengths = torch.randint(5, T + 1, (pool,), generator=g).to(dev)
    images = torch.randn(pool, E, generator=g).to(dev)
    model = QFormer().to(dev)
    amp = dev.type == "cuda"
    decay = [p for n, p in model.named_parameters() if not (n == "logit_scale" or "ln_" in n or n.endswith(".bias"))]
    no_decay = [p for n, p in model.named_parameters() if n == "logit_scale" or "ln_" in n or n.endswith(".bias")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)
    total = args.warmup + args.steps
    model.train()
    t0 = None
    for step in range(total):
        if step == args.warmup:
            if amp:
                torch.cuda.synchronize()
            t0 = time.perf_counter()
        rows = torch.randperm(pool, generator=g)[:B].to(dev)
        lr = 1e-4 * (step + 1) / 200 if step < 200 else 1e-4
        for group in opt.param_groups:
            group["lr"] = lr
        with torch.autocast("cuda", dtype=torch.bfloat16) if amp else contextlib.nullcontext():
            pred = model(tokens.index_select(0, rows), lengths.index_select(0, rows))
        loss = loss_fn(pred.float(), images.index_select(0, rows), rows, model.logit_scale)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
    if amp:
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    print(f"machine: {os.cpu_count()} cores, torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, device {dev}"
          + (f" ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else ""))
    print(f"qformer: hidden {H}, {L} layers, {HEADS} heads, {Q} queries, {T}x{W} tokens, batch {B}")
    print(f"python qformer {args.steps / dt:.3f} steps/s ({args.steps} steps after {args.warmup} warm-up)")


if __name__ == "__main__":
    main()
