// SkillScan's own additions to the tree-sitter library (compiled into libskillscan_treesitter.so by build.sh).
//
//  - skillscan_language():    the grammar for a SkillScan.TreeSitter.TsLanguage value.
//  - skillscan_parse():       parse a UTF-8 buffer with a wall-clock deadline and a cancellation flag, checked in C
//                             from the parser's progress callback (no managed callback on the hot path).
//  - skillscan_query_cursor_*: a query cursor with a time budget and a cancellation flag, checked in C from the
//                             query cursor's progress callback (tree-sitter's query engine is O(depth x live states):
//                             nested patterns on a hostile 100,000-deep tree would otherwise run for hours).
//  - skillscan_named_children(): a node's named children in one call (the Lowerer lists them for most nodes it visits).
//  - skillscan_bench_parse(): the native baseline for the benchmarks: parse the same bytes N times, no .NET involved.
//  - skillscan_release_free_memory(): hands memory freed by deleted trees back to the system (glibc keeps it otherwise).
//
// Keep the numbering of skillscan_language() in sync with the TsLanguage enum in the binding, and bump
// SKILLSCAN_NATIVE_VERSION whenever an exported signature here changes (the binding refuses a stale library).

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "tree_sitter/api.h"

#define SKILLSCAN_NATIVE_VERSION 4

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

// A big tree is millions of small allocations; once deleted, glibc keeps their pages in the thread's arena, so a
// scan that parsed several big files one after another holds all of them at its peak. malloc_trim returns the free
// pages of every arena to the system. Returns 1 if memory was released (0 elsewhere than glibc).
SKILLSCAN_EXPORT int32_t skillscan_release_free_memory(void) {
#if defined(__GLIBC__)
  return malloc_trim(0);
#else
  return 0;
#endif
}

// The named children of `node`, read with the caller's cursor (reset to `node`): up to `capacity` of them written to
// `out`, their count returned (the caller asks again with a larger buffer when the count exceeds its capacity). One
// call per node instead of a cursor step, a node read and a named test per child, each crossing from .NET.
SKILLSCAN_EXPORT uint32_t skillscan_named_children(TSTreeCursor *cursor, TSNode node, TSNode *out, uint32_t capacity) {
  uint32_t count = 0;
  ts_tree_cursor_reset(cursor, node);
  if (!ts_tree_cursor_goto_first_child(cursor)) return 0;
  do {
    TSNode child = ts_tree_cursor_current_node(cursor);
    if (ts_node_is_named(child)) {
      if (count < capacity) out[count] = child;
      count++;
    }
  } while (ts_tree_cursor_goto_next_sibling(cursor));
  return count;
}

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

// ---- Query cursor with a time budget and a cancellation flag ----

enum {
  SKILLSCAN_QUERY_END = 0,
  SKILLSCAN_QUERY_MATCH = 1,
  SKILLSCAN_QUERY_TIMEOUT = -1,
  SKILLSCAN_QUERY_CANCELLED = -2,
};

typedef struct {
  TSQueryCursor *cursor;
  TSQueryCursorOptions options;  // tree-sitter keeps a pointer to this for the whole execution
  uint64_t budget_ns;            // time left for the query engine; UINT64_MAX = unlimited
  uint64_t deadline_ns;          // per next_match call; 0 = none
  volatile int32_t cancel;       // set from another thread to abort
  int32_t status;
} SkillScanQueryCursor;

static bool skillscan_query_progress(TSQueryCursorState *state) {
  SkillScanQueryCursor *qc = (SkillScanQueryCursor *)state->payload;
  if (qc->cancel) {
    qc->status = SKILLSCAN_QUERY_CANCELLED;
    return true;
  }
  if (qc->deadline_ns && skillscan_now_ns() > qc->deadline_ns) {
    qc->status = SKILLSCAN_QUERY_TIMEOUT;
    return true;
  }
  return false;
}

SKILLSCAN_EXPORT SkillScanQueryCursor *skillscan_query_cursor_new(void) {
  SkillScanQueryCursor *qc = (SkillScanQueryCursor *)calloc(1, sizeof(SkillScanQueryCursor));
  if (!qc) return NULL;
  qc->cursor = ts_query_cursor_new();
  if (!qc->cursor) {
    free(qc);
    return NULL;
  }
  qc->options.payload = qc;
  qc->options.progress_callback = skillscan_query_progress;
  qc->budget_ns = UINT64_MAX;
  return qc;
}

SKILLSCAN_EXPORT void skillscan_query_cursor_delete(SkillScanQueryCursor *qc) {
  if (!qc) return;
  ts_query_cursor_delete(qc->cursor);
  free(qc);
}

// The flag that aborts the running or next next_match call when set to non-zero (from any thread).
SKILLSCAN_EXPORT volatile int32_t *skillscan_query_cursor_cancel_flag(SkillScanQueryCursor *qc) { return &qc->cancel; }

// Starts matching `query` in the subtree of `node`. timeout_micros: total time the query engine may spend across
// all next_match calls of this execution (0 = unlimited); time spent by the caller between calls does not count.
SKILLSCAN_EXPORT void skillscan_query_cursor_exec(
  SkillScanQueryCursor *qc,
  const TSQuery *query,
  TSNode node,
  uint32_t match_limit,
  uint32_t max_start_depth,
  uint64_t timeout_micros
) {
  qc->status = SKILLSCAN_QUERY_END;
  qc->budget_ns = timeout_micros ? timeout_micros * 1000ull : UINT64_MAX;
  qc->deadline_ns = 0;
  ts_query_cursor_set_match_limit(qc->cursor, match_limit);
  ts_query_cursor_set_max_start_depth(qc->cursor, max_start_depth);
  ts_query_cursor_exec_with_options(qc->cursor, query, node, &qc->options);
}

// 1 = *match filled (valid until the next call), 0 = no more matches, -1 = time budget used up, -2 = cancelled.
SKILLSCAN_EXPORT int32_t skillscan_query_cursor_next_match(SkillScanQueryCursor *qc, TSQueryMatch *match) {
  if (qc->status != SKILLSCAN_QUERY_END) return qc->status;
  if (qc->cancel) return qc->status = SKILLSCAN_QUERY_CANCELLED;
  if (qc->budget_ns == 0) return qc->status = SKILLSCAN_QUERY_TIMEOUT;
  uint64_t start = 0;
  if (qc->budget_ns != UINT64_MAX) {
    start = skillscan_now_ns();
    qc->deadline_ns = start + qc->budget_ns;
  }
  bool found = ts_query_cursor_next_match(qc->cursor, match);
  if (start) {
    uint64_t elapsed = skillscan_now_ns() - start;
    qc->budget_ns = elapsed >= qc->budget_ns ? 0 : qc->budget_ns - elapsed;
    qc->deadline_ns = 0;
  }
  if (qc->status != SKILLSCAN_QUERY_END) return qc->status;
  return found ? SKILLSCAN_QUERY_MATCH : SKILLSCAN_QUERY_END;
}

SKILLSCAN_EXPORT bool skillscan_query_cursor_did_exceed_match_limit(const SkillScanQueryCursor *qc) {
  return ts_query_cursor_did_exceed_match_limit(qc->cursor);
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
