#include "train_fixtures.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <string>
#include <vector>

namespace plumage::test {

Synthetic make_synthetic(const SyntheticOptions& o) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(o.seed);
  const int64_t C = o.classes, D = o.dim;
  at::Tensor centres = at::zeros({C, D});
  for (int64_t c = 0; c < C; ++c) centres[c][c % D] = o.separation * (1 + c / D);

  std::vector<int64_t> labels, is_train, ids;
  for (int64_t c = 0; c < C; ++c)
    for (int split = 0; split < 2; ++split)
      for (int i = 0; i < (split == 0 ? o.train_per_class : o.test_per_class); ++i) {
        labels.push_back(c);
        is_train.push_back(split == 0);
        ids.push_back(1000 + static_cast<int64_t>(ids.size()));
      }
  const int64_t N = static_cast<int64_t>(labels.size());
  at::Tensor true_labels = at::tensor(labels, at::kLong);
  at::Tensor x = centres.index_select(0, true_labels) + at::empty({N, D}).normal_(0, o.spread, gen);

  // Label noise: the observed label differs from the cluster.
  at::Tensor observed = true_labels.clone();
  if (o.label_noise > 0) {
    at::Tensor flip = at::empty({N}).uniform_(0, 1, gen) < o.label_noise;
    at::Tensor shift = at::empty({N}, at::kLong).random_(1, C, gen);
    observed = at::where(flip, (true_labels + shift) % C, true_labels);
  }
  Synthetic s;
  s.images.features = x;
  s.images.labels = observed;
  s.images.is_train = at::tensor(is_train, at::kLong).to(at::kByte);
  s.images.image_ids = at::tensor(ids, at::kLong);
  for (int64_t c = 0; c < C; ++c) s.images.class_names.push_back("class_" + std::to_string(c));
  s.images.model = "synthetic";
  s.images.dataset = "synthetic";
  const at::Tensor test = s.images.is_train.eq(0);
  s.bayes_test_accuracy = observed.masked_select(test).eq(true_labels.masked_select(test)).to(at::kDouble).mean().item<double>();

  // Texts: captions of every training image, then class descriptions.
  std::vector<at::Tensor> feats;
  std::vector<int64_t> tl, tid;
  for (int64_t i = 0; i < N; ++i) {
    if (!is_train[i]) continue;
    for (int k = 0; k < o.captions_per_image; ++k) {
      feats.push_back(x[i] + at::empty({D}).normal_(0, o.text_noise, gen));
      tl.push_back(observed[i].item<int64_t>());
      tid.push_back(ids[i]);
    }
  }
  for (int64_t c = 0; c < C; ++c)
    for (int k = 0; k < o.descriptions_per_class; ++k) {
      feats.push_back(centres[c] + at::empty({D}).normal_(0, o.text_noise, gen));
      tl.push_back(c);
      tid.push_back(-1);
    }
  const int64_t M = static_cast<int64_t>(tl.size());
  s.texts.features = M ? at::stack(feats) : at::zeros({0, D});
  s.texts.labels = at::tensor(tl, at::kLong).reshape({M});
  s.texts.image_ids = at::tensor(tid, at::kLong).reshape({M});
  s.texts.text_index = at::arange(M, at::kLong);
  s.texts.source = "synthetic";
  return s;
}

}  // namespace plumage::test
