// `plumage-cli preprocess`: CLIP preprocessing of image files into one
// safetensors file (tensor "pixels" [N, 3, R, R], float32, with the image
// list and the preprocessing in its metadata), e.g. to compare with Python's
// pipeline or to feed another tool. Torch-free; LibTorch stays in the .cpp.
#pragma once

#include <string>
#include <vector>

namespace plumage::features {

// Throws data::DataError for an unreadable or corrupt image (nothing is
// written then); other write failures throw std::runtime_error.
void preprocess_images_to_file(const std::vector<std::string>& images, int resolution,
                               const std::string& out_path);

}  // namespace plumage::features
