// The files a run read (StoreReader::run_inputs), as text for the run's
// details: role, path, kind and rows, content hash, CLIP model, and what a
// converter was trained on.
#pragma once

#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace plumage::store {
struct FeatureSetInfo;
}

namespace plumage::ui {

QString describeRunInputs(const std::vector<std::pair<std::string, store::FeatureSetInfo>>& inputs);

}  // namespace plumage::ui
