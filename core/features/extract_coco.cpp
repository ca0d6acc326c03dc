// extract_coco_features: a COCO captions file -> the image and the text
// feature files of its (image, caption) pairs, matched by COCO image id.
#include "core/features/extract_jobs.h"

#include <stdexcept>

namespace plumage::features {

CocoExtractReport extract_coco_features(const CocoExtractRequest& r) {
  if (r.captions.empty()) throw std::invalid_argument("no COCO captions file given");
  if (r.out_images.empty() || r.out_texts.empty())
    throw std::invalid_argument("COCO encoding needs both output files (images and texts)");
  if (r.out_images == r.out_texts) throw std::invalid_argument("the image and text outputs must be different files");
  const auto step = [&](int index) -> ProgressFn {
    if (!r.progress) return {};
    return [&r, index](const Progress& p) { r.progress(index, p); };
  };
  CocoExtractReport out;
  ImageExtractRequest ir;
  ir.model_path = r.model_path;
  ir.coco_captions = r.captions;
  ir.coco_image_dir = r.image_dir;
  ir.out_path = r.out_images;
  ir.device = r.device;
  ir.batch_size = r.image_batch;
  ir.threads = r.threads;
  ir.force = r.force;
  ir.progress = step(0);
  ir.cancel = r.cancel;
  out.images = extract_image_features(ir);
  if (out.images.cancelled) return out;
  // The captions of the images just written: their ids are the pairing.
  TextExtractRequest tr;
  tr.model_path = r.model_path;
  tr.source = TextSource::Coco;
  tr.input = r.captions;
  tr.paired_images = r.out_images;
  tr.vocab_path = r.vocab_path;
  tr.out_path = r.out_texts;
  tr.device = r.device;
  tr.batch_size = r.text_batch;
  tr.with_tokens = r.with_tokens;
  tr.tokens_half = r.tokens_half;
  tr.force = r.force;
  tr.progress = step(1);
  tr.cancel = r.cancel;
  out.texts = extract_text_features(tr);
  return out;
}

}  // namespace plumage::features
