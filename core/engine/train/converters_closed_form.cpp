#include "core/engine/train/converters_closed_form.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>

namespace plumage::train {

at::Tensor l2_rows(const at::Tensor& x) { return x / x.norm(2, {1}, true).clamp_min(1e-12); }

namespace {

at::Tensor pooled(const ConverterConfig& cfg, const TextFeatureSet& texts, const at::Tensor& rows) {
  const at::Tensor x = texts.features.index_select(0, rows.to(at::kLong));
  return cfg.normalize ? l2_rows(x) : x;
}

// f(t) = t + shift; identity is shift = 0 (no tensors stored).
class ShiftConverter : public Converter {
 public:
  ShiftConverter(ConverterConfig c, at::Tensor shift) : Converter(std::move(c)), shift_(std::move(shift)) {}
  ConverterKind kind() const override { return config_.kind; }
  at::Tensor convert(const TextFeatureSet& texts, const at::Tensor& rows) const override {
    const at::Tensor t = pooled(config_, texts, rows);
    if (!shift_.defined()) return t;
    if (t.size(1) != shift_.size(0))
      throw std::invalid_argument("mean-shift converter: text dimension " + std::to_string(t.size(1)) +
                                  " differs from the fitted " + std::to_string(shift_.size(0)));
    return t + shift_;
  }
  std::vector<std::pair<std::string, at::Tensor>> state() const override {
    if (!shift_.defined()) return {};
    return {{"shift", shift_}};
  }

 private:
  at::Tensor shift_;
};

// f(t) = t + N(0, sigma^2): one seeded draw per call, so a conversion is
// reproducible; rows get independent noise.
class NoiseConverter : public Converter {
 public:
  explicit NoiseConverter(ConverterConfig c) : Converter(std::move(c)) {}
  ConverterKind kind() const override { return ConverterKind::Noise; }
  at::Tensor convert(const TextFeatureSet& texts, const at::Tensor& rows) const override {
    const at::Tensor t = pooled(config_, texts, rows);
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(config_.seed);
    return t + at::empty(t.sizes(), t.options()).normal_(0.0, config_.noise_sigma, gen);
  }
  std::vector<std::pair<std::string, at::Tensor>> state() const override { return {}; }
};

// f(t) = (t - mu_t) W + mu_i, W = (Tc^T Tc + lambda n I)^-1 Tc^T Ic, fitted in float64.
class RidgeConverter : public Converter {
 public:
  RidgeConverter(ConverterConfig c, at::Tensor w, at::Tensor text_mean, at::Tensor image_mean)
      : Converter(std::move(c)), w_(std::move(w)), tm_(std::move(text_mean)), im_(std::move(image_mean)) {}
  ConverterKind kind() const override { return ConverterKind::Ridge; }
  at::Tensor convert(const TextFeatureSet& texts, const at::Tensor& rows) const override {
    const at::Tensor t = pooled(config_, texts, rows);
    if (t.size(1) != w_.size(0))
      throw std::invalid_argument("ridge converter: text dimension " + std::to_string(t.size(1)) + " differs from the fitted " +
                                  std::to_string(w_.size(0)));
    return at::addmm(im_, t - tm_, w_);
  }
  std::vector<std::pair<std::string, at::Tensor>> state() const override {
    return {{"weight", w_}, {"text_mean", tm_}, {"image_mean", im_}};
  }

 private:
  at::Tensor w_, tm_, im_;
};

const at::Tensor& need(const std::map<std::string, at::Tensor>& t, const std::string& name, const std::string& source) {
  auto it = t.find(name);
  if (it == t.end()) throw std::invalid_argument(source + ": converter checkpoint lacks tensor '" + name + "'");
  return it->second;
}

}  // namespace

std::unique_ptr<Converter> fit_closed_form(const ConverterConfig& cfg, const at::Tensor& text, const at::Tensor& image) {
  switch (cfg.kind) {
    case ConverterKind::Identity:
      if (text.size(1) != image.size(1))
        throw std::invalid_argument("identity converter: text dimension " + std::to_string(text.size(1)) +
                                    " differs from image dimension " + std::to_string(image.size(1)));
      return std::make_unique<ShiftConverter>(cfg, at::Tensor());
    case ConverterKind::MeanShift:
      if (text.size(1) != image.size(1))
        throw std::invalid_argument("mean-shift converter: text dimension " + std::to_string(text.size(1)) +
                                    " differs from image dimension " + std::to_string(image.size(1)));
      return std::make_unique<ShiftConverter>(cfg, image.mean(0) - text.mean(0));
    case ConverterKind::Noise:
      return std::make_unique<NoiseConverter>(cfg);
    case ConverterKind::Ridge: {
      const at::Tensor t = text.to(at::kDouble), i = image.to(at::kDouble);
      const at::Tensor tm = t.mean(0), im = i.mean(0);
      const at::Tensor tc = t - tm, ic = i - im;
      const int64_t n = t.size(0), d = t.size(1);
      const at::Tensor gram = at::mm(tc.t(), tc) + cfg.ridge_lambda * static_cast<double>(n) * at::eye(d, at::kDouble);
      const at::Tensor w = at::linalg_solve(gram, at::mm(tc.t(), ic));
      return std::make_unique<RidgeConverter>(cfg, w.to(at::kFloat), tm.to(at::kFloat), im.to(at::kFloat));
    }
    case ConverterKind::QFormer:
      break;
  }
  throw std::invalid_argument("fit_closed_form: the Q-Former is trained, not fitted");
}

std::unique_ptr<Converter> closed_form_from_state(const ConverterConfig& cfg, const std::map<std::string, at::Tensor>& t,
                                                  const std::string& source) {
  switch (cfg.kind) {
    case ConverterKind::Identity: return std::make_unique<ShiftConverter>(cfg, at::Tensor());
    case ConverterKind::MeanShift: return std::make_unique<ShiftConverter>(cfg, need(t, "shift", source).clone());
    case ConverterKind::Noise: return std::make_unique<NoiseConverter>(cfg);
    case ConverterKind::Ridge:
      return std::make_unique<RidgeConverter>(cfg, need(t, "weight", source).clone(), need(t, "text_mean", source).clone(),
                                              need(t, "image_mean", source).clone());
    case ConverterKind::QFormer: break;
  }
  throw std::invalid_argument(source + ": not a closed-form converter");
}

}  // namespace plumage::train
