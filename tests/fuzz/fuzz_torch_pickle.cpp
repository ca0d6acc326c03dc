// libFuzzer entry point for the checkpoint readers that see untrusted bytes
// before LibTorch does: the restricted unpickler (both modes: state dict and
// TorchScript module) and the zip container parser. Each input goes to all
// three; none may crash, leak or read out of bounds, whatever it holds.
#include "core/engine/clip/pickle_reader.h"
#include "core/engine/clip/zip_archive.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plumage::clip::pt;
  for (bool torchscript : {false, true}) {
    try {
      const PickleContents c = read_pickle(data, size, "fuzz", torchscript);
      for (const auto& t : c.tensors) (void)t.shape.size();
    } catch (const FormatError&) {
    }
  }
  try {
    for (const auto& e : parse_zip(data, size, "fuzz")) (void)(data[e.data_offset + e.compressed_size - (e.compressed_size > 0)]);
  } catch (const FormatError&) {
  }
  return 0;
}
