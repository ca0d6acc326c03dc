// A small byte-level BPE vocabulary learned from the demo corpus, in Hugging
// Face's CLIP format (vocab.json + merges.txt), so the demo's random-weight
// CLIP model has a real tokenizer without the (non-redistributable here)
// OpenAI vocabulary: the 256 byte symbols, their "</w>" forms, the learned
// merges, then <|startoftext|> and <|endoftext|> last (EOT is the largest
// id, as CLIP's pooling expects).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace plumage::experiment {

struct BpeVocabulary {
  std::vector<std::string> tokens;                            // by id
  std::vector<std::pair<std::string, std::string>> merges;    // by rank
};

// Learns up to `max_merges` merges by repeatedly merging the most frequent
// adjacent symbol pair over the words of `texts` (lower-cased; letters runs,
// single digits and punctuation runs, as CLIP splits text). Stops early when
// no pair occurs twice. Deterministic (ties broken by the pair's spelling).
BpeVocabulary learn_bpe_vocabulary(const std::vector<std::string>& texts, std::size_t max_merges);

// Writes dir/vocab.json and dir/merges.txt (each atomically).
void write_hf_vocabulary(const BpeVocabulary& vocab, const std::string& dir);

}  // namespace plumage::experiment
