/*
 * Native-safety harness: parses every file given on the command line with every grammar SkillScan links
 * (JavaScript, TypeScript, TSX, Python, Bash), whole and in mutated forms (truncated, bit-flipped, NUL-spliced),
 * walks each tree with a cursor, and frees everything. Built against libskillscan_treesitter.so and run under
 * valgrind (or built with -fsanitize=address) by native/fuzz/run.sh; any invalid read/write or definite leak
 * makes the run fail.
 *
 * usage: parse_files FILE...    (exit 0: all parsed; 1: usage or I/O error)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_bash(void);

static char *read_file(const char *path, uint32_t *length) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *data = NULL;
  size_t cap = 0, len = 0, n;
  char buf[65536];
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    if (len + n > cap) {
      cap = (len + n) * 2;
      char *grown = realloc(data, cap);
      if (!grown) { free(data); fclose(f); return NULL; }
      data = grown;
    }
    memcpy(data + len, buf, n);
    len += n;
  }
  fclose(f);
  *length = (uint32_t)len;
  /* An exact-size copy, so reading one byte past the input is an error valgrind and ASan report. */
  char *exact = malloc(len ? len : 1);
  if (exact && len) memcpy(exact, data, len);
  free(data);
  return exact;
}

/* Visits every node iteratively (the tree may be arbitrarily deep) and returns how many there were. */
static uint64_t walk(TSTree *tree) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  uint64_t nodes = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    nodes++;
    (void)ts_node_start_byte(node);
    (void)ts_node_type(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) { ts_tree_cursor_delete(&cursor); return nodes; }
    }
  }
}

static uint64_t parse_all(TSParser *parser, const TSLanguage **languages, int count, const char *text, uint32_t length) {
  uint64_t nodes = 0;
  for (int i = 0; i < count; i++) {
    if (!ts_parser_set_language(parser, languages[i])) { fprintf(stderr, "grammar %d rejected\n", i); exit(1); }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, length);
    if (!tree) continue;
    nodes += walk(tree);
    TSTree *copy = ts_tree_copy(tree);
    ts_tree_delete(tree);
    ts_tree_delete(copy);
    ts_parser_reset(parser);
  }
  return nodes;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: parse_files FILE...\n"); return 1; }
  const TSLanguage *languages[] = {tree_sitter_javascript(), tree_sitter_typescript(), tree_sitter_tsx(),
                                   tree_sitter_python(), tree_sitter_bash()};
  const int count = (int)(sizeof languages / sizeof languages[0]);
  TSParser *parser = ts_parser_new();
  uint64_t nodes = 0;
  uint32_t seed = 20260101;
  for (int a = 1; a < argc; a++) {
    uint32_t length = 0;
    char *text = read_file(argv[a], &length);
    if (!text) { fprintf(stderr, "cannot read %s\n", argv[a]); ts_parser_delete(parser); return 1; }
    nodes += parse_all(parser, languages, count, text, length);
    if (length > 0) {
      /* Truncated at a pseudo-random point: unterminated strings, comments, heredocs. */
      seed = seed * 1103515245u + 12345u;
      nodes += parse_all(parser, languages, count, text, (seed >> 8) % length);
      /* Bit flips and NUL bytes in place. */
      char *mutated = malloc(length);
      memcpy(mutated, text, length);
      for (uint32_t k = 0; k < 1 + length / 64; k++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t at = (seed >> 8) % length;
        mutated[at] = (k & 1) ? 0 : (char)(mutated[at] ^ (1 << (seed & 7)));
      }
      nodes += parse_all(parser, languages, count, mutated, length);
      free(mutated);
    }
    free(text);
  }
  ts_parser_delete(parser);
  printf("parsed %d files x %d grammars x 3 variants: %llu nodes\n", argc - 1, count, (unsigned long long)nodes);
  return 0;
}
