// Description scores as CSV and JSON, and the worst-first order. No tensors.
#include "core/experiment/description_scores.h"
#include "core/experiment/results_table.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace plumage::experiment {
namespace {

// Enough digits to round-trip a double.
std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string confusions(const DescriptionScore& r) {
  std::string s;
  for (const Confusion& c : r.confused_with)
    s += (s.empty() ? "" : "; ") + c.class_name + " (" + std::to_string(c.images) + ")";
  return s;
}

}  // namespace

void sort_worst_first(std::vector<DescriptionScore>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const DescriptionScore& a, const DescriptionScore& b) {
    return std::tie(a.top1, a.top5, a.centroid_cosine, a.class_name, a.variant_id, a.field) <
           std::tie(b.top1, b.top5, b.centroid_cosine, b.class_name, b.variant_id, b.field);
  });
}

std::string scores_csv(const DescriptionScores& s) {
  // Provenance on every row, so a row copied elsewhere still says what it is.
  std::string out =
      "class,variant,field,status,train_images,centroid_cosine,top1,top5,confused_with,text,split,model_weights,"
      "image_features_sha256\n";
  for (const DescriptionScore& r : s.rows) {
    out += csv_field(r.class_name) + "," + csv_field(r.variant_id) + "," + csv_field(r.field) + "," +
           csv_field(r.status) + "," + std::to_string(r.images) + "," + num(r.centroid_cosine) + "," + num(r.top1) +
           "," + num(r.top5) + "," + csv_field(confusions(r)) + "," + csv_field(r.text) + "," + csv_field(s.split) +
           "," + csv_field(s.weights_hash) + "," + csv_field(s.image_hash) + "\n";
  }
  return out;
}

nlohmann::ordered_json scores_json(const DescriptionScores& s) {
  using ojson = nlohmann::ordered_json;
  ojson j{{"split", s.split},
          {"note", "scores are computed on training images only"},
          {"model", s.model},
          {"model_weights", s.weights_hash},
          {"descriptions_file", s.descriptions_file},
          {"image_features", s.image_file},
          {"image_features_sha256", s.image_hash},
          {"train_images", s.train_images},
          {"notes", s.notes},
          {"scores", ojson::array()}};
  for (const DescriptionScore& r : s.rows) {
    ojson conf = ojson::array();
    for (const Confusion& c : r.confused_with) conf.push_back({{"class", c.class_name}, {"images", c.images}});
    j["scores"].push_back({{"class", r.class_name},
                           {"variant", r.variant_id},
                           {"field", r.field},
                           {"status", r.status},
                           {"train_images", r.images},
                           {"centroid_cosine", r.centroid_cosine},
                           {"top1", r.top1},
                           {"top5", r.top5},
                           {"confused_with", conf},
                           {"text", r.text}});
  }
  return j;
}

}  // namespace plumage::experiment
