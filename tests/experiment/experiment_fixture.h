// Tiny, learnable feature files for experiment tests: C classes of Gaussian
// clusters in D dimensions, Reed-style captions (2 per train image) and
// class-level "LLM" descriptions (3 per class), plus configs using them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace plumage::test {

struct Fixture {
  std::string dir;
  std::string image, reed, llm, class_text;
  std::string class0;  // first class name
};

Fixture write_fixture(const std::string& dir, int classes = 4, int train_per_class = 10, int test_per_class = 6,
                      int dim = 16);

// A valid adapter experiment on the fixture (paths absolute).
nlohmann::json adapter_config(const Fixture& f, int epochs = 20);

// A thesis-like sweep: ratios × {none, reed, llm} × seeds, with the
// non-applicable corners excluded.
nlohmann::json thesis_sweep(const Fixture& f, const std::vector<double>& ratios, int seeds, int epochs);

void write_json(const std::string& path, const nlohmann::json& j);

// Copies the feature file `src` (image or text) to `dst`, stamped as made by
// CLIP `model_name` whose weights hash is `weights_hash`; returns `dst`.
std::string with_clip_model(const std::string& src, const std::string& dst, const std::string& model_name,
                            const std::string& weights_hash);

}  // namespace plumage::test
