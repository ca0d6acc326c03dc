// Internal state of ClipTokenizer, shared by its loading and encoding halves.
#pragma once

#include "core/data/tokenizer/tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <mutex>
#include <unordered_map>

namespace plumage::data {

struct BpeMerge {
  int32_t rank = 0;
  int32_t merged = 0;  // id of the concatenation
};

// The BPE of one pre-token: ids and how many input bytes each covers.
struct BpeWord {
  std::vector<int32_t> ids;
  std::vector<uint32_t> bytes;
};

struct ClipTokenizer::Impl {
  std::string source;
  std::vector<std::string> id_to_token;
  std::unordered_map<std::string, int32_t> token_to_id;
  std::array<int32_t, 256> byte_id{};      // symbol of a byte inside a word
  std::array<int32_t, 256> byte_end_id{};  // symbol of a byte ending a word ("</w>")
  std::unordered_map<uint64_t, BpeMerge> merges;
  size_t merge_count = 0;
  size_t max_token_bytes = 1;  // the most input bytes one vocabulary token covers
  int32_t sot = -1;
  int32_t eot = -1;
  std::unordered_map<uint32_t, uint8_t> unicode_to_byte;  // for decode()

  pcre2_code* pattern = nullptr;
  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, BpeWord> cache;

  ~Impl();
  // Builds everything from an id-ordered vocabulary and a merge list;
  // `where(i)` names merge i's location for error messages.
  void build(std::vector<std::string> vocab_by_id,
             const std::vector<std::pair<std::string, std::string>>& merge_list,
             const std::vector<std::string>& merge_where);
  // BPE of a whole pre-token (cached). With `word_end` false the bytes are
  // only the start of a longer word: its last byte gets no "</w>" and the
  // result is not cached.
  BpeWord bpe(const std::string& pretoken, bool word_end = true) const;
  // The merges of bpe(), applied to a word of single-byte symbols.
  BpeWord merge_all(BpeWord word) const;
  // encode_spans, stopping after `max_tokens` tokens. A word longer than the
  // remaining tokens can cover (2x margin) is BPE'd only on that prefix, so
  // the work is bounded by max_tokens, not by the text's length.
  std::vector<TokenSpan> encode_spans(const std::string& text, size_t max_tokens) const;
};

inline uint64_t pair_key(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

}  // namespace plumage::data
