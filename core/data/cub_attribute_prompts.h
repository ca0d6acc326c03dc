// The attribute zero-shot baseline's class prompts: the class name plus the
// visual attributes CUB-200-2011's annotators saw most often for the class,
// e.g. "a photo of a Black footed Albatross, a type of bird, with a hooked
// seabird bill, black legs and brown wings." Built from the dataset's own
// class-level attribute table (attributes/class_attribute_labels_continuous.txt:
// per class, the percentage of its images showing each attribute) and the
// attribute names; the words come from resources/attributes/cub_attribute_phrases.txt.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace plumage::data {

struct ClassAttributeTable {
  std::vector<std::string> names;            // "has_bill_shape::hooked_seabird", attribute id = index + 1
  std::vector<std::vector<float>> percent;   // [class][attribute], 0..100, classes in classes.txt order
};

// Reads attributes.txt (ROOT/attributes/, ROOT, or ROOT/.. where the archive
// puts it) and ROOT/attributes/class_attribute_labels_continuous.txt, which
// must have `class_count` rows of one value per attribute. Throws DataError
// naming the file and line.
ClassAttributeTable read_class_attributes(const std::string& root, std::size_t class_count);

struct AttributePromptOptions {
  std::string prefix = "a photo of a {}, a type of bird";  // {} = the class's display name
  int attributes = 3;        // at most this many attribute groups per class
  double min_percent = 50;   // an attribute is used only when at least this share of the class's images show it
};

// The phrase for one attribute ("has_bill_shape::hooked_seabird" -> "a hooked
// seabird bill"), or "" when its group is not used.
std::string attribute_phrase(const std::string& attribute_name);

// One prompt per class: the prefix, then ", with " and the class's strongest
// attribute groups (the best value of each group, strongest groups first,
// ties by attribute id), joined with ", " and " and ", then ".". A class with
// no attribute above min_percent gets the prefix alone.
std::vector<std::string> attribute_prompts(const ClassAttributeTable& table,
                                           const std::vector<std::string>& class_display_names,
                                           const AttributePromptOptions& options = {});

}  // namespace plumage::data
