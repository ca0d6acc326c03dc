#include "core/data/demo/demo_dataset.h"

#include "core/data/demo/demo_painter.h"
#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"
#include "core/data/file_util.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace plumage::data {

namespace fs = std::filesystem;
using namespace demo;

namespace {

void write_text_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  write_file_atomic(p.string(), text);
}

std::string fmt(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

}  // namespace

DemoSummary make_demo_dataset(const std::string& out_dir, const DemoOptions& opt) {
  if (opt.classes < 2 || opt.classes > 200) throw std::invalid_argument("demo: classes must be 2..200");
  if (opt.images_per_class < 2) throw std::invalid_argument("demo: images per class must be at least 2");
  if (opt.image_size < 64 || opt.image_size > 1024) throw std::invalid_argument("demo: image size must be 64..1024");
  const fs::path root(out_dir);
  if (fs::exists(root / "images.txt")) throw DataError(out_dir, 0, "already holds a dataset (images.txt exists)");
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw DataError(out_dir, 0, "cannot create directory: " + ec.message());

  Rng rng(opt.seed * 0x9E3779B97F4A7C15ull + 12345);
  const std::vector<Species> species = make_species(opt.classes, rng);

  std::string classes_txt, images_txt, labels_txt, split_txt, boxes_txt, attr_labels;
  DescriptionStore store;
  store.title = "Demo birds: structured descriptions (generated from the true attributes)";
  store.fields = default_bird_fields();
  nlohmann::ordered_json coco_images = nlohmann::ordered_json::array(), coco_ann = nlohmann::ordered_json::array();
  const auto& attr_names = attribute_names();
  DemoSummary sum;
  std::vector<uchar> jpeg;
  long long id = 0, caption_id = 0;
  for (std::size_t c = 0; c < species.size(); ++c) {
    const Species& s = species[c];
    classes_txt += std::to_string(c + 1) + " " + s.dir_name + "\n";
    DescriptionVariant v;
    v.id = "demo";
    v.fields = describe_species(s);
    v.provenance.source = "demo";
    v.provenance.model = "plumage demo generator";
    v.provenance.raw_text = v.joined_text();
    v.provenance.parameters["seed"] = opt.seed;
    store.find_or_add(s.dir_name, s.display_name);
    store.add_variant(s.dir_name, v);
    const std::vector<int> true_attrs = species_attributes(s);

    // Half of each class trains (CUB splits roughly that way), chosen at random.
    std::vector<bool> train(static_cast<std::size_t>(opt.images_per_class), false);
    const int n_train = std::max(1, std::min(opt.images_per_class - 1,
                                             static_cast<int>(std::lround(opt.images_per_class * opt.train_fraction))));
    for (int k = 0; k < n_train; ++k) train[static_cast<std::size_t>(k)] = true;
    for (std::size_t i = train.size() - 1; i > 0; --i) {
      const auto jdx = static_cast<std::size_t>(rng.below(static_cast<int>(i) + 1));
      const bool t = train[i];
      train[i] = train[jdx];
      train[jdx] = t;
    }
    std::string stem_base = s.dir_name.substr(4);
    for (int k = 0; k < opt.images_per_class; ++k) {
      ++id;
      Scene scene;
      scene.facing_left = rng.chance(0.5);
      scene.background = rng.chance(0.6) ? s.habitat : static_cast<Habitat>(rng.below(4));
      const int h = opt.image_size;
      const int w = h + rng.below(h / 4 + 1);
      BoundingBox box;
      Rng image_rng(rng.next());
      const cv::Mat img = paint_bird(s, scene, image_rng, w, h, box);
      char num[48];
      std::snprintf(num, sizeof num, "_%04d_%lld", k + 1, id);
      const std::string stem = stem_base + num;
      const std::string rel = s.dir_name + "/" + stem + ".jpg";
      fs::create_directories(root / "images" / s.dir_name);
      if (!cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}))
        throw DataError((root / "images" / rel).string(), 0, "JPEG encoding failed");
      write_file_atomic((root / "images" / rel).string(), std::string(jpeg.begin(), jpeg.end()));

      const std::string sid = std::to_string(id);
      images_txt += sid + " " + rel + "\n";
      labels_txt += sid + " " + std::to_string(c + 1) + "\n";
      split_txt += sid + (train[static_cast<std::size_t>(k)] ? " 1\n" : " 0\n");
      boxes_txt += sid + " " + fmt(box.x) + " " + fmt(box.y) + " " + fmt(box.width) + " " + fmt(box.height) + "\n";
      std::size_t next_attr = 0;
      for (std::size_t a = 1; a <= attr_names.size(); ++a) {
        const bool on = next_attr < true_attrs.size() && true_attrs[next_attr] == static_cast<int>(a);
        if (on) ++next_attr;
        attr_labels += sid + " " + std::to_string(a) + (on ? " 1 4 0\n" : " 0 4 0\n");
      }
      Rng caption_rng(rng.next());
      const auto caps = make_captions(s, scene, caption_rng);
      std::string cap_text;
      for (const auto& line : caps) cap_text += line + "\n";
      write_text_file(root / "text_c10" / s.dir_name / (stem + ".txt"), cap_text);
      coco_images.push_back({{"id", id}, {"file_name", rel}, {"width", w}, {"height", h}});
      for (std::size_t q = 0; q < 5; ++q) coco_ann.push_back({{"id", ++caption_id}, {"image_id", id}, {"caption", caps[q]}});
      ++sum.images;
      (train[static_cast<std::size_t>(k)] ? sum.train : sum.test) += 1;
    }
  }
  std::string attrs_txt;
  for (std::size_t a = 0; a < attr_names.size(); ++a) attrs_txt += std::to_string(a + 1) + " " + attr_names[a] + "\n";
  write_text_file(root / "classes.txt", classes_txt);
  write_text_file(root / "image_class_labels.txt", labels_txt);
  write_text_file(root / "train_test_split.txt", split_txt);
  write_text_file(root / "bounding_boxes.txt", boxes_txt);
  write_text_file(root / "attributes.txt", attrs_txt);
  write_text_file(root / "attributes" / "image_attribute_labels.txt", attr_labels);
  nlohmann::ordered_json coco;
  coco["info"] = {{"description", "Plumage demo birds, COCO-style captions"}, {"seed", opt.seed}};
  coco["images"] = coco_images;
  coco["annotations"] = coco_ann;
  write_text_file(root / "annotations" / "captions_images.json", coco.dump(1) + "\n");
  store.save((root / "descriptions.json").string());
  write_text_file(root / "README.txt",
                  "Plumage demo dataset: procedurally drawn birds in the CUB-200-2011 layout.\n"
                  "Generated by `plumage-cli dataset make-demo` (seed " + std::to_string(opt.seed) + ").\n"
                  "text_c10/: 10 captions per image; descriptions.json: one structured description per class;\n"
                  "annotations/captions_images.json: COCO-style captions (image folder: images/).\n");
  // images.txt last: its presence marks a complete dataset.
  write_text_file(root / "images.txt", images_txt);
  sum.classes = species.size();
  sum.reed_dir = (root / "text_c10").string();
  sum.descriptions_file = (root / "descriptions.json").string();
  sum.coco_file = (root / "annotations" / "captions_images.json").string();
  return sum;
}

}  // namespace plumage::data
