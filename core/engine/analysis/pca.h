// Two-dimensional PCA of feature rows, for plotting embeddings (e.g. image,
// raw-text and converted-text features in one shared projection).
#pragma once

#include <ATen/core/Tensor.h>

#include <array>

namespace plumage::analysis {

struct Pca2d {
  at::Tensor coords;      // [N,2] float32: centred rows projected on the two components
  at::Tensor components;  // [2,E] float32: unit principal directions (rows)
  at::Tensor mean;        // [E] float32: the centre that was subtracted
  // Share of the total variance along each component; the sum is <= 1.
  std::array<double, 2> explained{{0.0, 0.0}};
};

// PCA of `features` [N,E] (N >= 2, E >= 2, finite) through the SVD of the
// centred data. Sign convention: each component is flipped so that its entry
// of largest magnitude is positive, so results are stable across runs and
// LibTorch versions. Throws std::invalid_argument on bad input.
Pca2d pca_2d(const at::Tensor& features);

// Projects other rows [M,E] with a fitted PCA (same centre and components).
at::Tensor pca_project(const Pca2d& pca, const at::Tensor& features);

}  // namespace plumage::analysis
