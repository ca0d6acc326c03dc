// Draws one demo bird image (OpenCV drawing; internal to the demo generator).
#pragma once

#include "core/data/dataset.h"
#include "core/data/demo/demo_species.h"

#include <opencv2/core.hpp>

namespace plumage::data::demo {

// A width x height BGR image of an individual of `s` perched in `scene`,
// with its bounding box in pixels.
cv::Mat paint_bird(const Species& s, const Scene& scene, Rng& rng, int width, int height, BoundingBox& bbox);

}  // namespace plumage::data::demo
