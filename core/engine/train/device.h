// Device selection shared by the training jobs.
#pragma once

#include <c10/core/Device.h>

#include <string>

namespace plumage::train {

// "auto" -> CUDA when available, else CPU; "cpu"; "cuda"; "cuda:N".
// Throws std::invalid_argument for unknown names or CUDA without CUDA.
c10::Device resolve_device(const std::string& name);

}  // namespace plumage::train
