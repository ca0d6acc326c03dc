// Shared helpers of the CLIP model tests.
#pragma once

#include "core/engine/clip/clip_model.h"
#include "core/engine/safetensors.h"
#include "lite_test.h"

#include <ATen/ATen.h>

#include <fstream>
#include <map>
#include <string>

namespace clip_test {

// ||a - b|| / ||b|| in float64.
inline double rel_err(const at::Tensor& a, const at::Tensor& b) {
  const at::Tensor x = a.to(at::kDouble).cpu(), y = b.to(at::kDouble).cpu();
  return (x - y).norm().item<double>() / y.norm().item<double>();
}

#define CLIP_REQUIRE_CLOSE(actual, expected, tol)                                             \
  do {                                                                                        \
    const double clip_err = ::clip_test::rel_err((actual), (expected));                       \
    std::cout << "    " #actual " vs " #expected ": relative error " << clip_err << "\n";     \
    QVERIFY2(clip_err <= (tol), "relative error " + std::to_string(clip_err) + " > " #tol);   \
  } while (0)

// Path of a file under shared/data/clip/reference, or QSKIP.
inline std::string reference(const std::string& name) {
  const std::string p = plumage::test::shared_data("clip/reference/" + name);
  if (p.empty()) QSKIP("shared data clip/reference/" + name + " is absent");
  return p;
}

inline std::string tiny_weights() { return reference("tiny-clip-vit-p16.safetensors"); }
inline std::string tiny_outputs() { return reference("tiny-clip-vit-p16.reference.safetensors"); }

// The reference tiny model's tensors in OpenAI naming, as owned CPU tensors.
inline std::map<std::string, at::Tensor> tiny_state_dict() {
  plumage::st::File f(tiny_weights());
  std::map<std::string, at::Tensor> out;
  for (auto& [name, t] : f.tensors()) out[name] = t.clone();
  return out;
}

// The tiny model's architecture as the reference file's metadata states it.
inline std::string tiny_config_json() { return plumage::st::File(tiny_weights()).meta("config"); }

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline plumage::st::NamedTensors named(const std::map<std::string, at::Tensor>& m) {
  return plumage::st::NamedTensors(m.begin(), m.end());
}

}  // namespace clip_test
