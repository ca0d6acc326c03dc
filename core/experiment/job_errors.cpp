#include "core/experiment/job_errors.h"

#include "core/data/diagnostics.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/train/configs.h"
#include "core/engine/train/feature_file_format.h"
#include "core/experiment/config_error.h"
#include "core/experiment/runner.h"

namespace plumage::experiment {

void rethrow_classified() {
  try {
    throw;
  } catch (const InputError&) {
    throw;
  } catch (const RunCancelled&) {
    throw;
  } catch (const train::Cancelled&) {
    throw RunCancelled();
  } catch (const train::FeatureFileError& e) {
    throw InputError(e.what());
  } catch (const clip::ClipLoadError& e) {
    throw InputError(e.what());
  } catch (const data::TokenizerError& e) {
    throw InputError(e.what());
  } catch (const data::DataError& e) {
    throw InputError(e.what());
  } catch (const ConfigError& e) {
    throw InputError(e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

}  // namespace plumage::experiment
