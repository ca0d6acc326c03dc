#include "core/features/class_prompts.h"

#include "core/data/class_names.h"
#include "core/data/cub_attribute_prompts.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace plumage::features {

std::vector<ClassText> template_prompts(const std::vector<std::string>& class_names,
                                        const std::vector<std::string>& templates) {
  if (templates.empty()) throw std::invalid_argument("no prompt templates given");
  for (const std::string& t : templates)
    if (t.find("{}") == std::string::npos)
      throw std::invalid_argument("prompt template '" + t + "' has no {} for the class name");
  std::vector<ClassText> out;
  for (size_t c = 0; c < class_names.size(); ++c) {
    const std::string name = data::display_name_from_class_dir(class_names[c]);
    for (std::string t : templates) {
      t.replace(t.find("{}"), 2, name);
      out.push_back({t, static_cast<int64_t>(c)});
    }
  }
  return out;
}

std::vector<ClassText> descriptor_prompts(const std::vector<std::string>& class_names,
                                          const std::string& descriptors_path) {
  nlohmann::json d;
  try {
    d = jsonio::read_file(descriptors_path, jsonio::kData);
  } catch (const jsonio::Error& e) {
    throw std::runtime_error(e.what());
  }
  if (!d.is_object())
    throw std::runtime_error(descriptors_path + ": expected an object {class name: [descriptors]}");
  const data::ClassNameMatcher matcher(class_names);
  std::vector<bool> covered(class_names.size(), false);
  std::vector<ClassText> out;
  for (const auto& [name, list] : d.items()) {
    const auto c = matcher.match(name);
    if (!c) continue;  // a class that is not in this dataset (e.g. a CUB subset)
    if (!list.is_array())
      throw std::runtime_error(descriptors_path + ": '" + name + "' is not a list of descriptors");
    const std::string display = data::display_name_from_class_dir(class_names[*c]);
    for (const auto& desc : list) {
      if (!desc.is_string())
        throw std::runtime_error(descriptors_path + ": '" + name + "' holds a non-string descriptor");
      out.push_back({display + ", which has " + desc.get<std::string>(), static_cast<int64_t>(*c)});
      covered[*c] = true;
    }
  }
  for (size_t c = 0; c < covered.size(); ++c)
    if (!covered[c])
      throw std::runtime_error(descriptors_path + ": no descriptors for class '" + class_names[c] + "'");
  return out;
}

std::vector<ClassText> attribute_class_prompts(const std::vector<std::string>& class_names,
                                               const std::string& dataset_root, int attributes_per_prompt) {
  const data::ClassAttributeTable table = data::read_class_attributes(dataset_root, class_names.size());
  std::vector<std::string> display;
  for (const auto& c : class_names) display.push_back(data::display_name_from_class_dir(c));
  data::AttributePromptOptions opt;
  opt.attributes = attributes_per_prompt;
  std::vector<ClassText> out;
  const std::vector<std::string> prompts = data::attribute_prompts(table, display, opt);
  for (std::size_t c = 0; c < prompts.size(); ++c) out.push_back({prompts[c], static_cast<int64_t>(c)});
  return out;
}

}  // namespace plumage::features
