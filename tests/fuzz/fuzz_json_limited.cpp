// libFuzzer entry point for the JSON door (core/json) and the descriptions
// reader behind it: whatever the limits let through must be safe to dump,
// copy and compare (all recursive in nlohmann/json) and to read as a
// descriptions file, which answers with a DataError or a store.
#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"
#include "core/json/parse_limited.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::ordered_json j = plumage::jsonio::parse_ordered(text, "fuzz", plumage::jsonio::kData);
    const nlohmann::ordered_json copy = j;
    if (!(copy == j) || copy.dump() != j.dump()) __builtin_trap();
    try {
      (void)plumage::data::DescriptionStore::from_json(j, "fuzz").to_json().dump();
    } catch (const plumage::data::DataError&) {
    }
  } catch (const plumage::jsonio::Error&) {
  }
  return 0;
}
