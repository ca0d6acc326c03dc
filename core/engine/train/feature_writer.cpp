#include "core/engine/train/feature_writer.h"

#include "core/engine/safetensors.h"

#include <ATen/ATen.h>

namespace plumage::train {

ChunkedTextFeatureWriter::ChunkedTextFeatureWriter(const std::string& path, const TextFeatureSet& header,
                                                   const TextFeatureShape& shape)
    : path_(path), class_names_(header.class_names), tokens_(shape.context > 0) {
  if (shape.token_dtype != at::kHalf && shape.token_dtype != at::kFloat)
    throw FeatureFileError(path + ": tokens are stored as float16 or float32, not " + c10::toString(shape.token_dtype));
  using st::DType;
  // In the order save_text_features writes them (same bytes).
  std::vector<st::TensorSpec> specs = {{"features", DType::F32, {shape.rows, shape.dim}},
                                       {"labels", DType::I64, {shape.rows}},
                                       {"image_ids", DType::I64, {shape.rows}},
                                       {"text_index", DType::I64, {shape.rows}}};
  if (tokens_) {
    specs.push_back({"tokens", shape.token_dtype == at::kHalf ? DType::F16 : DType::F32,
                     {shape.rows, shape.context, shape.token_width}});
    specs.push_back({"lengths", DType::I64, {shape.rows}});
  }
  st::Header h;
  h.metadata = text_file_metadata(header);
  for (const auto& s : specs) h.tensors.push_back({s.name, s.dtype, s.shape});
  check_feature_layout(h, FeatureKind::Text, path);
  try {
    out_ = std::make_unique<st::ChunkedWriter>(path, std::move(specs), h.metadata);
  } catch (const st::SafetensorsError& e) {
    throw FeatureFileError(e.what());
  }
}

ChunkedTextFeatureWriter::~ChunkedTextFeatureWriter() = default;

void ChunkedTextFeatureWriter::append(const TextFeatureSet& rows) {
  if (tokens_ != (rows.tokens.defined() && rows.lengths.defined()))
    throw FeatureFileError(path_ + ": append " + (tokens_ ? "needs" : "must not have") + " 'tokens' and 'lengths'");
  TextFeatureSet chunk;
  chunk.features = rows.features;
  chunk.labels = rows.labels;
  chunk.image_ids = rows.image_ids;
  chunk.text_index = rows.text_index;
  chunk.tokens = rows.tokens;
  chunk.lengths = rows.lengths;
  chunk.class_names = class_names_;
  const int64_t first = out_->rows_written();
  check_text_values(chunk, path_ + " (chunk from row " + std::to_string(first) + ")");
  st::NamedTensors named = {{"features", chunk.features},
                            {"labels", chunk.labels},
                            {"image_ids", chunk.image_ids},
                            {"text_index", chunk.text_index}};
  if (tokens_) {
    named.emplace_back("tokens", chunk.tokens);
    named.emplace_back("lengths", chunk.lengths);
  }
  try {
    out_->append(named);
  } catch (const st::SafetensorsError& e) {
    throw FeatureFileError(e.what());
  }
}

void ChunkedTextFeatureWriter::commit() {
  try {
    out_->commit();
  } catch (const st::SafetensorsError& e) {
    throw FeatureFileError(e.what());
  }
}

}  // namespace plumage::train
