// libFuzzer entry point for the CUB text files: the whitespace tables every
// CUB metadata file is read with (classes.txt, images.txt, ...), the
// "<id> <name>" lists (attributes.txt, parts.txt) and the class-level
// attribute table of the attribute baseline. The input is split at the first
// NUL byte into an attribute-name list and a value table, written to a
// scratch folder, and read back; errors must be DataErrors naming the file.
#include "core/data/cub_attribute_prompts.h"
#include "core/data/diagnostics.h"
#include "core/data/text_table.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {
fs::path scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("plumage-fuzz-cub-" + std::to_string(::getpid()));
    fs::create_directories(d / "attributes");
    return d;
  }();
  return dir;
}

void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::trunc) << s; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = in.find('\0');
  const std::string names = in.substr(0, nul), values = nul == std::string::npos ? "" : in.substr(nul + 1);
  const fs::path d = scratch();
  write(d / "attributes" / "attributes.txt", names);
  write(d / "attributes" / "class_attribute_labels_continuous.txt", values);
  plumage::data::DiagnosticSink sink;
  for (const auto& row : plumage::data::read_table((d / "attributes" / "attributes.txt").string(), "t", sink))
    if (row.fields.empty() || row.line == 0) __builtin_trap();
  (void)plumage::data::read_name_list((d / "attributes" / "attributes.txt").string(), sink);
  for (std::size_t classes : {std::size_t(1), std::size_t(3)}) {
    try {
      const auto t = plumage::data::read_class_attributes(d.string(), classes);
      if (t.percent.size() != classes) __builtin_trap();
      (void)plumage::data::attribute_prompts(t, std::vector<std::string>(classes, "Bird"));
    } catch (const plumage::data::DataError&) {
    }
  }
  return 0;
}
