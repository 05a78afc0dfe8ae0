using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SkillScan.TreeSitter.Interop;

// Layouts copied from tree_sitter/api.h of tree-sitter 0.25.1 (native/node_modules/tree-sitter/vendor/...).
// Every type here is blittable, so the LibraryImport generator emits direct calls without marshalling code.
// C `bool` is returned as byte (1 byte, no marshalling stub needed).

/// <summary>TSNode: <c>uint32_t context[4]; const void *id; const TSTree *tree;</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeNode
{
    public uint Context0; // start byte
    public uint Context1; // start row
    public uint Context2; // start column (bytes)
    public uint Context3; // alias symbol
    public nint Id;
    public nint Tree;
}

/// <summary>TSPoint.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePoint
{
    public uint Row;
    public uint Column;
}

/// <summary>TSTreeCursor: <c>const void *tree; const void *id; uint32_t context[3];</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeTreeCursor
{
    public nint Tree;
    public nint Id;
    public uint Context0;
    public uint Context1;
    public uint Context2;
}

/// <summary>TSQueryCapture: <c>TSNode node; uint32_t index;</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeQueryCapture
{
    public NativeNode Node;
    public uint Index;
}

/// <summary>TSQueryMatch: <c>uint32_t id; uint16_t pattern_index; uint16_t capture_count; const TSQueryCapture *captures;</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeQueryMatch
{
    public uint Id;
    public ushort PatternIndex;
    public ushort CaptureCount;
    public NativeQueryCapture* Captures;
}

/// <summary>TSQueryPredicateStep.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePredicateStep
{
    public NativePredicateStepType Type;
    public uint ValueId;
}

internal enum NativePredicateStepType
{
    Done = 0,
    Capture = 1,
    String = 2,
}

/// <summary>Status codes of skillscan_parse (native/src/skillscan_native.c).</summary>
internal enum NativeParseStatus
{
    Ok = 0,
    Timeout = 1,
    Cancelled = 2,
    Failed = 3,
}

internal static unsafe partial class Native
{
    internal const string Lib = NativeLibraryLoader.LibraryName;

    /// <summary>SKILLSCAN_NATIVE_VERSION in skillscan_native.c that this binding was written against.</summary>
    internal const int ExpectedNativeVersion = 4;

    // ---- SkillScan's own C helpers (native/src/skillscan_native.c) ----

    [LibraryImport(Lib)]
    internal static partial int skillscan_native_version();

    [LibraryImport(Lib)]
    internal static partial nint skillscan_language(int lang);

    [LibraryImport(Lib)]
    internal static partial void skillscan_free(void* ptr);

    [LibraryImport(Lib)]
    internal static partial int skillscan_release_free_memory();

    [LibraryImport(Lib)]
    internal static partial nint skillscan_parse(
        nint parser, byte* utf8, uint length, ulong timeoutMicros, int* cancel, NativeParseStatus* status, uint* byteOffset);

    [LibraryImport(Lib)]
    internal static partial long skillscan_bench_parse(int lang, byte* utf8, uint length, int iterations);

    [LibraryImport(Lib)]
    internal static partial nint skillscan_query_cursor_new();

    [LibraryImport(Lib)]
    internal static partial void skillscan_query_cursor_delete(nint cursor);

    [LibraryImport(Lib)]
    internal static partial int* skillscan_query_cursor_cancel_flag(nint cursor);

    [LibraryImport(Lib)]
    internal static partial void skillscan_query_cursor_exec(
        nint cursor, nint query, NativeNode node, uint matchLimit, uint maxStartDepth, ulong timeoutMicros);

    /// <summary>1 match, 0 end, -1 time budget used up, -2 cancelled.</summary>
    [LibraryImport(Lib)]
    internal static partial int skillscan_query_cursor_next_match(nint cursor, NativeQueryMatch* match);

    [LibraryImport(Lib)]
    internal static partial byte skillscan_query_cursor_did_exceed_match_limit(nint cursor);

    // ---- Parser ----

    [LibraryImport(Lib)]
    internal static partial nint ts_parser_new();

    [LibraryImport(Lib)]
    internal static partial void ts_parser_delete(nint parser);

    [LibraryImport(Lib)]
    internal static partial byte ts_parser_set_language(nint parser, nint language);

    [LibraryImport(Lib)]
    internal static partial nint ts_parser_parse_string(nint parser, nint oldTree, byte* utf8, uint length);

    [LibraryImport(Lib)]
    internal static partial void ts_parser_reset(nint parser);

    // ---- Tree ----

    [LibraryImport(Lib)]
    internal static partial void ts_tree_delete(nint tree);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_tree_root_node(nint tree);

    // ---- Node (the O(1) accessors and the child lookups skip the GC transition: they are a few loads or one loop over
    // a node's children, never block or call back; the Lowerer makes several per node, and the transition was a
    // measurable part of them) ----

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial ushort ts_node_symbol(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial byte* ts_node_type(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial uint ts_node_end_byte(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial NativePoint ts_node_end_point(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_node_is_named(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_node_is_missing(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_node_is_extra(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_node_is_error(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_node_has_error(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial uint ts_node_child_count(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial uint ts_node_named_child_count(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial uint ts_node_descendant_count(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_parent(NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial NativeNode ts_node_child(NativeNode node, uint index);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial NativeNode ts_node_named_child(NativeNode node, uint index);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial NativeNode ts_node_child_by_field_id(NativeNode node, ushort fieldId);

    [LibraryImport(Lib)]
    internal static partial byte* ts_node_field_name_for_child(NativeNode node, uint index);

    [LibraryImport(Lib)]
    internal static partial byte* ts_node_field_name_for_named_child(NativeNode node, uint index);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_next_sibling(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_prev_sibling(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_next_named_sibling(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_prev_named_sibling(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_descendant_for_byte_range(NativeNode node, uint start, uint end);

    [LibraryImport(Lib)]
    internal static partial NativeNode ts_node_named_descendant_for_byte_range(NativeNode node, uint start, uint end);

    /// <summary>A node's named children, read with the cursor (reset to the node); writes up to capacity, returns the count.
    /// A loop over one node's children: no GC transition, like the cursor steps it replaces.</summary>
    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial uint skillscan_named_children(NativeTreeCursor* cursor, NativeNode node, NativeNode* output, uint capacity);

    // ---- Tree cursor (resets and forward steps are O(1) and skip the GC transition; a walk makes one per node) ----

    [LibraryImport(Lib)]
    internal static partial NativeTreeCursor ts_tree_cursor_new(NativeNode node);

    [LibraryImport(Lib)]
    internal static partial void ts_tree_cursor_delete(NativeTreeCursor* cursor);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial void ts_tree_cursor_reset(NativeTreeCursor* cursor, NativeNode node);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial NativeNode ts_tree_cursor_current_node(NativeTreeCursor* cursor);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial ushort ts_tree_cursor_current_field_id(NativeTreeCursor* cursor);

    [LibraryImport(Lib)]
    internal static partial uint ts_tree_cursor_current_depth(NativeTreeCursor* cursor);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_tree_cursor_goto_parent(NativeTreeCursor* cursor);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_tree_cursor_goto_next_sibling(NativeTreeCursor* cursor);

    [LibraryImport(Lib)]
    internal static partial byte ts_tree_cursor_goto_previous_sibling(NativeTreeCursor* cursor);

    [LibraryImport(Lib), SuppressGCTransition]
    internal static partial byte ts_tree_cursor_goto_first_child(NativeTreeCursor* cursor);

    [LibraryImport(Lib)]
    internal static partial byte ts_tree_cursor_goto_last_child(NativeTreeCursor* cursor);

    // ---- Language ----

    [LibraryImport(Lib)]
    internal static partial uint ts_language_symbol_count(nint language);

    [LibraryImport(Lib)]
    internal static partial byte* ts_language_symbol_name(nint language, ushort symbol);

    [LibraryImport(Lib)]
    internal static partial int ts_language_symbol_type(nint language, ushort symbol);

    [LibraryImport(Lib)]
    internal static partial uint ts_language_field_count(nint language);

    [LibraryImport(Lib)]
    internal static partial byte* ts_language_field_name_for_id(nint language, ushort fieldId);

    [LibraryImport(Lib)]
    internal static partial uint ts_language_abi_version(nint language);

    // ---- Query ----

    [LibraryImport(Lib)]
    internal static partial nint ts_query_new(nint language, byte* source, uint length, uint* errorOffset, int* errorType);

    [LibraryImport(Lib)]
    internal static partial void ts_query_delete(nint query);

    [LibraryImport(Lib)]
    internal static partial uint ts_query_pattern_count(nint query);

    [LibraryImport(Lib)]
    internal static partial uint ts_query_capture_count(nint query);

    [LibraryImport(Lib)]
    internal static partial uint ts_query_string_count(nint query);

    [LibraryImport(Lib)]
    internal static partial uint ts_query_start_byte_for_pattern(nint query, uint patternIndex);

    [LibraryImport(Lib)]
    internal static partial byte* ts_query_capture_name_for_id(nint query, uint index, uint* length);

    [LibraryImport(Lib)]
    internal static partial byte* ts_query_string_value_for_id(nint query, uint index, uint* length);

    // TSQuantifier: 0 Zero, 1 ZeroOrOne, 2 ZeroOrMore, 3 One, 4 OneOrMore.
    [LibraryImport(Lib)]
    internal static partial int ts_query_capture_quantifier_for_id(nint query, uint patternIndex, uint captureIndex);

    [LibraryImport(Lib)]
    internal static partial NativePredicateStep* ts_query_predicates_for_pattern(nint query, uint patternIndex, uint* stepCount);

    // ---- helpers ----

    internal static string? Utf8(byte* s) => s == null ? null : Marshal.PtrToStringUTF8((nint)s);

    internal static string Utf8(byte* s, uint length) =>
        s == null ? string.Empty : System.Text.Encoding.UTF8.GetString(s, checked((int)length));
}
