// Class-level texts for zero-shot classification and for initializing the
// adapter from zero-shot weights: each class named in prompt templates ("a
// photo of a {}, a type of bird."), or "<class>, which has <descriptor>" for
// every descriptor of a class (Menon & Vondrick's descriptor format). Class
// names are shown as in the dataset browser ("Black footed Albatross").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::features {

struct ClassText {
  std::string text;
  int64_t label = -1;  // class index
};

// One text per class and template; a template must hold "{}" (std::invalid_argument otherwise).
std::vector<ClassText> template_prompts(const std::vector<std::string>& class_names,
                                        const std::vector<std::string>& templates);

// From a JSON object {class name: [descriptor, ...]}. Names are matched to
// `class_names` leniently (numeric prefix, case, '_' vs ' '); names of other
// classes are ignored (a file for all of CUB works on a subset). Throws
// std::runtime_error naming the file and key for a malformed file or a class
// without descriptors.
std::vector<ClassText> descriptor_prompts(const std::vector<std::string>& class_names,
                                          const std::string& descriptors_path);

// The attribute baseline: one prompt per class from the CUB dataset's own
// class-level attribute table (core/data/cub_attribute_prompts.h), e.g. "a
// photo of a Black footed Albatross, a type of bird, with a hooked seabird
// bill, black legs and brown wings." Throws DataError naming the file when the
// dataset has no usable attribute files.
std::vector<ClassText> attribute_class_prompts(const std::vector<std::string>& class_names,
                                               const std::string& dataset_root, int attributes_per_prompt);

}  // namespace plumage::features
