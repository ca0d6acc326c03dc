// The built-in demo dataset: procedurally drawn "birds" in the CUB-200-2011
// layout, so the workbench has something real to open without downloads.
//
// Each class is a species with its own attributes (body/wing/head/breast
// colors, wing pattern, beak shape and color, size, tail, eye ring, crest,
// face mask, legs, habitat). Each image draws one individual with pose,
// scale, color, lighting, background and noise variation, so classes are
// learnable but not trivial (relatives share a genus: beak shape, size).
// Written alongside:
//   text_c10/<class>/<stem>.txt        10 Reed-style captions per image
//   descriptions.json                  one structured description per class
//   annotations/captions_images.json   COCO-style captions for the same images
//   attributes.txt + attributes/image_attribute_labels.txt  (true attributes)
// Output is a pure function of the options (seed included).
#pragma once

#include <cstdint>
#include <string>

namespace plumage::data {

struct DemoOptions {
  int classes = 20;
  int images_per_class = 30;
  uint64_t seed = 1;
  int image_size = 256;      // image height; width varies up to 1.25x
  double train_fraction = 0.5;
};

struct DemoSummary {
  std::size_t classes = 0, images = 0, train = 0, test = 0;
  std::string reed_dir, descriptions_file, coco_file;
};

// Writes the dataset into `out_dir` (created; must not already hold a
// dataset). Throws DataError on I/O failure, std::invalid_argument for bad options.
DemoSummary make_demo_dataset(const std::string& out_dir, const DemoOptions& options = {});

}  // namespace plumage::data
