// Classification metrics: top-1/top-5, per-class accuracy, confusion matrix.
#include "core/engine/train/jobs.h"

#include <ATen/ATen.h>

#include <stdexcept>

namespace plumage::train {

EvalResult evaluate_logits(const at::Tensor& logits_in, const at::Tensor& labels_in, int64_t num_classes) {
  if (logits_in.dim() != 2 || logits_in.size(1) != num_classes)
    throw std::invalid_argument("evaluate: logits must be [n," + std::to_string(num_classes) + "]");
  if (labels_in.dim() != 1 || labels_in.size(0) != logits_in.size(0))
    throw std::invalid_argument("evaluate: labels must be [n] with n = " + std::to_string(logits_in.size(0)));
  const at::Tensor logits = logits_in.detach().to(at::kCPU, at::kFloat);
  const at::Tensor labels = labels_in.to(at::kCPU, at::kLong).contiguous();
  const int64_t n = logits.size(0), C = num_classes;
  EvalResult r;
  r.count = n;
  r.per_class.assign(C, 0.0);
  r.class_count.assign(C, 0);
  r.confusion.assign(C, std::vector<int64_t>(C, 0));
  if (n == 0) return r;
  if (labels.min().item<int64_t>() < 0 || labels.max().item<int64_t>() >= C)
    throw std::invalid_argument("evaluate: a label lies outside [0, " + std::to_string(C) + ")");

  const int64_t k = std::min<int64_t>(5, C);
  const at::Tensor topk = std::get<1>(logits.topk(k, 1, true, true)).contiguous();
  const at::Tensor hit = topk.eq(labels.unsqueeze(1));
  const at::Tensor pred = topk.select(1, 0).contiguous();
  r.top1 = hit.select(1, 0).sum().item<double>() / static_cast<double>(n);
  r.top5 = hit.any(1).sum().item<double>() / static_cast<double>(n);

  const int64_t* y = labels.data_ptr<int64_t>();
  const int64_t* p = pred.data_ptr<int64_t>();
  r.predicted.assign(p, p + n);
  for (int64_t i = 0; i < n; ++i) {
    ++r.confusion[y[i]][p[i]];
    ++r.class_count[y[i]];
  }
  double sum = 0.0;
  int64_t present = 0;
  for (int64_t c = 0; c < C; ++c) {
    if (r.class_count[c] == 0) continue;
    r.per_class[c] = static_cast<double>(r.confusion[c][c]) / static_cast<double>(r.class_count[c]);
    sum += r.per_class[c];
    ++present;
  }
  r.mean_per_class = present ? sum / static_cast<double>(present) : 0.0;
  return r;
}

}  // namespace plumage::train
