// The engine's plain, torch-free parameter and plan types as the facade
// offers them to the GUI and the CLI. They are defined once, in the engine
// (which must build alone on a GPU server); the UI and app layers name them
// through this header and never include an engine header themselves.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/json.h"
#include "core/engine/train/ratio_plan.h"

namespace plumage::experiment {

using train::AdapterConfig;
using train::AdapterHead;
using train::CaptionUse;
using train::ConverterConfig;
using train::ConverterKind;
using train::OptimizerKind;
using train::PlanInputs;
using train::Pooling;
using train::QFormerConfig;
using train::RatioPlan;
using train::RatioPlanConfig;
using train::SamplingMode;
using train::TextSource;
using train::ZeroShotConfig;

using train::make_ratio_plan;
using train::parse_adapter_head;
using train::parse_caption_use;
using train::parse_converter_kind;
using train::parse_optimizer_kind;
using train::parse_sampling_mode;
using train::parse_text_source;
using train::per_class_ratios_from_json;
using train::round_count;
using train::to_string;

}  // namespace plumage::experiment
