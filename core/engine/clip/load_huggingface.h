// Internal: Hugging Face CLIPModel naming (see load_huggingface.cpp).
#pragma once

#include "core/engine/clip/checkpoint.h"

namespace plumage::clip::detail {

// True when tensor names are transformers' (vision_model.*, text_model.*).
bool looks_like_huggingface(const std::vector<std::string>& names);
// Fills ck.tensors in OpenAI naming from HF tensors; unknown names are kept
// as they are so they are reported as unexpected.
void map_huggingface(const std::map<std::string, at::Tensor>& in, Checkpoint& ck);
// The transformers name of an OpenAI-named tensor (for messages).
std::string hf_name(const std::string& canonical);

}  // namespace plumage::clip::detail
