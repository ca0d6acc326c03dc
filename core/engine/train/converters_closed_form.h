// The closed-form converters (identity, mean shift, Gaussian noise, ridge).
// Internal: created through train_converter / load_converter (converter.h).
#pragma once

#include "core/engine/train/converter.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <string>

namespace plumage::train {

// Fits on paired (text, image) features [n,Et], [n,Ei] (already normalized
// when config.normalize).
std::unique_ptr<Converter> fit_closed_form(const ConverterConfig& config, const at::Tensor& text, const at::Tensor& image);

// Rebuilds from checkpoint tensors.
std::unique_ptr<Converter> closed_form_from_state(const ConverterConfig& config,
                                                  const std::map<std::string, at::Tensor>& tensors,
                                                  const std::string& source);

// Row-wise L2 normalization.
at::Tensor l2_rows(const at::Tensor& x);

}  // namespace plumage::train
