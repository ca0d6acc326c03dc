// Precompiled header for targets that work with tensors. Sources still
// include the narrow headers they use; this only makes them cheap.
#pragma once
#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/functional.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/types.h>
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>
