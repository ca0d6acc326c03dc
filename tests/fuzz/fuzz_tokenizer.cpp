// libFuzzer entry point for the CLIP BPE tokenizer (core/data/tokenizer) on
// arbitrary bytes: text cleaning, the PCRE2 pre-tokenizer, byte-level BPE and
// the bounded context entry points. The real vocabulary is loaded once from
// $PLUMAGE_FUZZ_VOCAB (default: the shared data's bpe_simple_vocab_16e6.txt.gz).
#include "core/data/tokenizer/tokenizer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <string>

namespace {
std::unique_ptr<plumage::data::ClipTokenizer> g_tok;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* env = std::getenv("PLUMAGE_FUZZ_VOCAB");
  const std::string path = env && *env ? env : PLUMAGE_FUZZ_DEFAULT_VOCAB;
  try {
    g_tok = std::make_unique<plumage::data::ClipTokenizer>(plumage::data::ClipTokenizer::load(path));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_tokenizer: cannot load the vocabulary %s: %s\n", path.c_str(), e.what());
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  using plumage::data::ClipTokenizer;
  bool truncated = false;
  const auto ids = g_tok->context_ids(text, 77, plumage::data::Overflow::Truncate, &truncated);
  if (ids.size() != 77 || ids[0] != g_tok->sot()) __builtin_trap();
  const auto n = g_tok->count(text);
  if (n.tokens < 2) __builtin_trap();
  if (size <= 1024) {
    const auto all = g_tok->encode(text);
    (void)g_tok->decode(all);
    if (!truncated && all.size() + 2 > 77) __builtin_trap();  // it fit, so the whole text is at most 75 tokens
  }
  return 0;
}
