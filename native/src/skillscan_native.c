// SkillScan's own additions to the tree-sitter library (compiled into libskillscan_treesitter.so by build.sh).
//
//  - skillscan_language():    the grammar for a SkillScan.TreeSitter.TsLanguage value.
//  - skillscan_parse():       parse a UTF-8 buffer with a wall-clock deadline and a cancellation flag, checked in C
//                             from the parser's progress callback (no managed callback on the hot path).
//  - skillscan_bench_parse(): the native baseline for the benchmarks: parse the same bytes N times, no .NET involved.
//
// Keep the numbering of skillscan_language() in sync with the TsLanguage enum in the binding, and bump
// SKILLSCAN_NATIVE_VERSION whenever an exported signature here changes (the binding refuses a stale library).

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "tree_sitter/api.h"

#define SKILLSCAN_NATIVE_VERSION 1

#if defined(__GNUC__) || defined(__clang__)
#define SKILLSCAN_EXPORT __attribute__((visibility("default")))
#else
#define SKILLSCAN_EXPORT
#endif

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_bash(void);

// Status codes written by skillscan_parse (mirrored by NativeParseStatus in the binding).
enum {
  SKILLSCAN_PARSE_OK = 0,
  SKILLSCAN_PARSE_TIMEOUT = 1,
  SKILLSCAN_PARSE_CANCELLED = 2,
  SKILLSCAN_PARSE_FAILED = 3,
};

SKILLSCAN_EXPORT int32_t skillscan_native_version(void) { return SKILLSCAN_NATIVE_VERSION; }

// 0 JavaScript, 1 TypeScript, 2 Tsx, 3 Python, 4 Bash (the TsLanguage enum). NULL for anything else.
SKILLSCAN_EXPORT const TSLanguage *skillscan_language(int32_t lang) {
  switch (lang) {
    case 0: return tree_sitter_javascript();
    case 1: return tree_sitter_typescript();
    case 2: return tree_sitter_tsx();
    case 3: return tree_sitter_python();
    case 4: return tree_sitter_bash();
    default: return NULL;
  }
}

// Frees memory that the library allocated and handed out (e.g. the result of ts_node_string).
SKILLSCAN_EXPORT void skillscan_free(void *ptr) { free(ptr); }

typedef struct {
  const char *data;
  uint32_t length;
} SkillScanStringInput;

static const char *skillscan_read(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  const SkillScanStringInput *input = (const SkillScanStringInput *)payload;
  if (byte_index >= input->length) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = input->length - byte_index;
  return input->data + byte_index;
}

typedef struct {
  uint64_t deadline_ns;            // CLOCK_MONOTONIC; 0 = no deadline
  const volatile int32_t *cancel;  // non-zero = abort; may be NULL
  int32_t status;
  uint32_t byte_offset;
} SkillScanProgress;

static uint64_t skillscan_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// Called by the parser about every 100 operations. Returning true aborts the parse.
static bool skillscan_progress(TSParseState *state) {
  SkillScanProgress *progress = (SkillScanProgress *)state->payload;
  progress->byte_offset = state->current_byte_offset;
  if (progress->cancel && *progress->cancel) {
    progress->status = SKILLSCAN_PARSE_CANCELLED;
    return true;
  }
  if (progress->deadline_ns && skillscan_now_ns() > progress->deadline_ns) {
    progress->status = SKILLSCAN_PARSE_TIMEOUT;
    return true;
  }
  return false;
}

// Parses `length` bytes of UTF-8 with `parser` (whose language is already set).
// timeout_micros: 0 = none. cancel: optional flag polled during the parse (set it from another thread).
// Returns the tree, or NULL with *status = TIMEOUT / CANCELLED / FAILED. After an aborted parse the parser is reset,
// so the next call starts afresh (tree-sitter would otherwise try to resume the aborted parse).
// *byte_offset (optional) receives how far the parser got.
SKILLSCAN_EXPORT TSTree *skillscan_parse(
  TSParser *parser,
  const char *utf8,
  uint32_t length,
  uint64_t timeout_micros,
  const volatile int32_t *cancel,
  int32_t *status,
  uint32_t *byte_offset
) {
  SkillScanStringInput input_state = { utf8 ? utf8 : "", utf8 ? length : 0 };
  SkillScanProgress progress = {
    .deadline_ns = timeout_micros ? skillscan_now_ns() + timeout_micros * 1000ull : 0,
    .cancel = cancel,
    .status = SKILLSCAN_PARSE_OK,
    .byte_offset = 0,
  };
  TSInput input = {
    .payload = &input_state,
    .read = skillscan_read,
    .encoding = TSInputEncodingUTF8,
    .decode = NULL,
  };
  TSParseOptions options = { .payload = &progress, .progress_callback = skillscan_progress };

  TSTree *tree = NULL;
  if (cancel && *cancel) {
    progress.status = SKILLSCAN_PARSE_CANCELLED;
  } else {
    tree = ts_parser_parse_with_options(parser, NULL, input, options);
  }
  if (!tree) {
    ts_parser_reset(parser);
    if (progress.status == SKILLSCAN_PARSE_OK) progress.status = SKILLSCAN_PARSE_FAILED;
  }
  if (status) *status = progress.status;
  if (byte_offset) *byte_offset = tree ? length : progress.byte_offset;
  return tree;
}

// Native baseline for benchmarks: creates a parser, parses the bytes `iterations` times with ts_parser_parse_string,
// deletes every tree, deletes the parser. Returns the total node count (root's descendant count summed over the
// iterations), -1 for an unknown language or a failed parse.
SKILLSCAN_EXPORT int64_t skillscan_bench_parse(int32_t lang, const char *utf8, uint32_t length, int32_t iterations) {
  const TSLanguage *language = skillscan_language(lang);
  if (!language) return -1;
  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, language)) {
    ts_parser_delete(parser);
    return -1;
  }
  int64_t total = 0;
  for (int32_t i = 0; i < iterations; i++) {
    TSTree *tree = ts_parser_parse_string(parser, NULL, utf8, length);
    if (!tree) {
      total = -1;
      break;
    }
    total += (int64_t)ts_node_descendant_count(ts_tree_root_node(tree));
    ts_tree_delete(tree);
  }
  ts_parser_delete(parser);
  return total;
}
