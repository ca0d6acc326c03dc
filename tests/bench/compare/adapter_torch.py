#!/usr/bin/python3
"""Python/PyTorch baseline for bench_adapter: the same adapter training written
the usual way (a DataLoader over a TensorDataset, and plain tensor batches),
plus the time of the job's matrix products alone (the floor).

CUB-sized synthetic features: 5,994 x 768 train, 5,794 test, 200 classes,
L2-normalized; nn.Linear(768, 200), Adam lr 1e-3, cross-entropy, batch 256,
100 epochs, train loss and test top-1 every epoch. Run with Debian's python3:
  /usr/bin/python3 tests/bench/compare/adapter_torch.py [--threads 1] [--epochs 100]
"""
import argparse
import os

import blas_threads  # noqa: F401  (sets OPENBLAS_NUM_THREADS before torch loads)
import time

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--blas-threads", type=int, default=0)
p.add_argument("--epochs", type=int, default=100)
p.add_argument("--repeats", type=int, default=1)
args = p.parse_args()
torch.set_num_threads(args.threads)

N_TRAIN, N_TEST, DIM, C, BATCH = 5994, 5794, 768, 200, 256


def data():
    g = torch.Generator().manual_seed(0)
    centres = torch.randn(C, DIM, generator=g)
    ytr = torch.arange(N_TRAIN) % C
    yte = torch.arange(N_TEST) % C
    xtr = centres[ytr] + 2.0 * torch.randn(N_TRAIN, DIM, generator=g)
    xte = centres[yte] + 2.0 * torch.randn(N_TEST, DIM, generator=g)
    return F.normalize(xtr, dim=1), ytr, F.normalize(xte, dim=1), yte


def test_top1(model, xte, yte):
    with torch.no_grad():
        return (model(xte).argmax(1) == yte).float().mean().item()


def run_dataloader(xtr, ytr, xte, yte):
    torch.manual_seed(0)
    model = torch.nn.Linear(DIM, C)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=BATCH, shuffle=True)
    for _ in range(args.epochs):
        total = torch.zeros(())
        for xb, yb in loader:
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.detach() * xb.shape[0]
        total.item()
        acc = test_top1(model, xte, yte)
    return acc


def run_tensor_batches(xtr, ytr, xte, yte):
    torch.manual_seed(0)
    model = torch.nn.Linear(DIM, C)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = xtr.shape[0]
    for _ in range(args.epochs):
        perm = torch.randperm(n)
        total = torch.zeros(())
        for s in range(0, n, BATCH):
            idx = perm[s:s + BATCH]
            xb, yb = xtr[idx], ytr[idx]
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.detach() * xb.shape[0]
        total.item()
        acc = test_top1(model, xte, yte)
    return acc


def run_floor(xtr, ytr, xte, yte):
    """The matrix products of the job alone: forward X_b W^T, weight gradient
    G^T X_b per step, and the test forward per epoch."""
    w = torch.randn(C, DIM) * 0.01
    g = torch.randn(BATCH, C)
    n = xtr.shape[0]
    batches = [xtr[s:s + BATCH].contiguous() for s in range(0, n, BATCH)]
    grads = [g[:b.shape[0]].contiguous() for b in batches]
    for _ in range(args.epochs):
        for xb, gb in zip(batches, grads):
            torch.mm(xb, w.t())
            torch.mm(gb.t(), xb)
        torch.mm(xte, w.t())
    return float("nan")


def timed(fn, *a):
    best = None
    for _ in range(args.repeats):
        t = time.perf_counter()
        acc = fn(*a)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, acc


if __name__ == "__main__":
    d = data()
    print(f"machine: {os.cpu_count()} cores, torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"adapter: {N_TRAIN}x{DIM} train, {N_TEST} test, {C} classes, batch {BATCH}, {args.epochs} epochs, Adam")
    for name, fn in [("floor (matmuls only)", run_floor), ("tensor batches", run_tensor_batches),
                     ("DataLoader", run_dataloader)]:
        sec, acc = timed(fn, *d)
        print(f"python {name:22s} {sec:7.3f} s   test top1 {acc:.4f}")
