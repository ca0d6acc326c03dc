// Generic fine-grained datasets (Stanford Dogs, Flowers-102, FGVC-Aircraft,
// your own) described by a manifest file, so nothing is tied to CUB.
//
// CSV (header row required, column order free, names case-insensitive):
//   path,class,split[,id][,x,y,width,height]
//   Birds/a.jpg,Cardinal,train
// `path` is relative to the manifest's directory (or absolute); `split` is
// "train" or "test"; optional `id` (positive integer, default: row number);
// optional bounding box columns. RFC 4180 quoting is accepted.
//
// JSON:
//   {"image_root": "images",             (optional, relative to the manifest)
//    "classes": ["Cardinal", ...],        (optional: fixes the class order)
//    "images": [{"path": "...", "class": "...", "split": "train",
//                "id": 7, "bbox": [x, y, w, h]}, ...]}
// or just the "images" array.
//
// Classes are ordered as listed, or by name when not listed; labels are
// 0-based indices into that order.
#pragma once

#include "core/data/dataset.h"

#include <string>

namespace plumage::data {

Dataset read_manifest(const std::string& path, const ReadOptions& options = {});

// Opens whatever `path` is: a CUB-layout directory, a manifest file, or a
// directory holding manifest.csv / manifest.json. Throws DataError when it
// is none of these.
Dataset open_dataset(const std::string& path, const ReadOptions& options = {});

}  // namespace plumage::data
