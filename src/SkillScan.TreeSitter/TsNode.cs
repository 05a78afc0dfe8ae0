using System.Runtime.CompilerServices;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>A position in the source: 0-based row and 0-based column counted in UTF-8 bytes.</summary>
public record struct TsPoint(uint Row, uint Column)
{
    public override readonly string ToString() => $"{Row}:{Column}";
}

/// <summary>
/// A node of a <see cref="TsTree"/>: the native TSNode value (copied, 32 bytes) plus its owning tree.
/// <c>default(TsNode)</c> and the "no such node" results (e.g. <see cref="Child"/> out of range, <see cref="Parent"/>
/// of the root, an absent <see cref="Field"/>) are null nodes: <see cref="IsNull"/> is true and every property
/// returns an empty value. Using a node after its tree was disposed throws <see cref="ObjectDisposedException"/>.
/// </summary>
public readonly struct TsNode : IEquatable<TsNode>
{
    internal readonly NativeNode Raw;
    private readonly TsTree? _tree;

    internal TsNode(NativeNode raw, TsTree tree)
    {
        Raw = raw;
        _tree = tree;
    }

    public bool IsNull => Raw.Id == 0;

    /// <summary>The tree this node belongs to (throws for <c>default(TsNode)</c>).</summary>
    public TsTree Tree => _tree ?? throw new InvalidOperationException("default(TsNode) belongs to no tree.");

    internal TsTree? TreeOrNull => _tree;

    public TsLanguage Language => Tree.Language;

    /// <summary>The node type ("call_expression", "identifier", "(", "ERROR", ...). Cached per language and symbol: no allocation.</summary>
    public string Type => IsNull ? string.Empty : _tree!.Info.SymbolName(Native.ts_node_symbol(Live()));

    /// <summary>The node's symbol id (aliases resolved to the public symbol, as ts_node_symbol does).</summary>
    public ushort Symbol => IsNull ? (ushort)0 : Native.ts_node_symbol(Live());

    public bool IsNamed => !IsNull && Native.ts_node_is_named(Live()) != 0;

    /// <summary>An ERROR node: source the parser could not fit into the grammar.</summary>
    public bool IsError => !IsNull && Native.ts_node_is_error(Live()) != 0;

    /// <summary>A zero-width node the parser inserted to recover from an error (e.g. a missing ")").</summary>
    public bool IsMissing => !IsNull && Native.ts_node_is_missing(Live()) != 0;

    /// <summary>A node that may appear anywhere (e.g. comments).</summary>
    public bool IsExtra => !IsNull && Native.ts_node_is_extra(Live()) != 0;

    /// <summary>This node is, or contains, an ERROR or MISSING node.</summary>
    public bool HasError => !IsNull && Native.ts_node_has_error(Live()) != 0;

    public uint StartByte => Raw.Context0;

    public uint EndByte => IsNull ? 0 : Native.ts_node_end_byte(Live());

    public TsPoint StartPoint => new(Raw.Context1, Raw.Context2);

    public TsPoint EndPoint
    {
        get
        {
            if (IsNull)
            {
                return default;
            }

            NativePoint p = Native.ts_node_end_point(Live());
            return new TsPoint(p.Row, p.Column);
        }
    }

    public int ChildCount => IsNull ? 0 : (int)Native.ts_node_child_count(Live());

    public int NamedChildCount => IsNull ? 0 : (int)Native.ts_node_named_child_count(Live());

    /// <summary>Number of nodes in this subtree, this node included.</summary>
    public int DescendantCount => IsNull ? 0 : (int)Native.ts_node_descendant_count(Live());

    /// <summary>The parent, or a null node for the root. Costs O(depth): tree-sitter searches down from the root.</summary>
    public TsNode Parent => IsNull ? default : Wrap(Native.ts_node_parent(Live()));

    public TsNode NextSibling => IsNull ? default : Wrap(Native.ts_node_next_sibling(Live()));

    public TsNode PrevSibling => IsNull ? default : Wrap(Native.ts_node_prev_sibling(Live()));

    public TsNode NextNamedSibling => IsNull ? default : Wrap(Native.ts_node_next_named_sibling(Live()));

    public TsNode PrevNamedSibling => IsNull ? default : Wrap(Native.ts_node_prev_named_sibling(Live()));

    /// <summary>The source text of the node (see <see cref="TsTree.GetText"/>).</summary>
    public string Text => IsNull ? string.Empty : _tree!.GetText(this);

    /// <summary>The i-th child (named or anonymous); a null node when out of range.</summary>
    public TsNode Child(int i) => IsNull || i < 0 ? default : Wrap(Native.ts_node_child(Live(), (uint)i));

    /// <summary>The i-th named child; a null node when out of range.</summary>
    public TsNode NamedChild(int i) => IsNull || i < 0 ? default : Wrap(Native.ts_node_named_child(Live(), (uint)i));

    /// <summary>The child stored in field <paramref name="fieldName"/>; a null node when absent or when the grammar has no such field.</summary>
    public TsNode Field(string fieldName)
    {
        if (IsNull)
        {
            return default;
        }

        ushort id = _tree!.Info.FieldId(fieldName);
        return id == 0 ? default : Wrap(Native.ts_node_child_by_field_id(Live(), id));
    }

    /// <summary>The child stored in the field with id <paramref name="fieldId"/> (see <see cref="TsLanguages.GetFieldId"/>).</summary>
    public TsNode Field(ushort fieldId) => IsNull || fieldId == 0 ? default : Wrap(Native.ts_node_child_by_field_id(Live(), fieldId));

    /// <summary>The field name of the i-th child (named or anonymous), or null.</summary>
    public unsafe string? FieldNameForChild(int i) =>
        IsNull || i < 0 ? null : _tree!.Info.FieldNameFromPointer(Native.ts_node_field_name_for_child(Live(), (uint)i));

    /// <summary>The field name of the i-th named child, or null.</summary>
    public unsafe string? FieldNameForNamedChild(int i) =>
        IsNull || i < 0 ? null : _tree!.Info.FieldNameFromPointer(Native.ts_node_field_name_for_named_child(Live(), (uint)i));

    /// <summary>The smallest node that spans [start, end) within this node.</summary>
    public TsNode DescendantForByteRange(uint start, uint end) =>
        IsNull ? default : Wrap(Native.ts_node_descendant_for_byte_range(Live(), start, end));

    /// <summary>The smallest named node that spans [start, end) within this node.</summary>
    public TsNode NamedDescendantForByteRange(uint start, uint end) =>
        IsNull ? default : Wrap(Native.ts_node_named_descendant_for_byte_range(Live(), start, end));

    /// <summary>The children (named and anonymous), via a cursor (linear, unlike repeated <see cref="Child"/> calls).</summary>
    public IEnumerable<TsNode> Children => IsNull ? [] : TsWalk.Children(this, namedOnly: false);

    /// <summary>The named children, via a cursor.</summary>
    public IEnumerable<TsNode> NamedChildren => IsNull ? [] : TsWalk.Children(this, namedOnly: true);

    /// <summary>A cursor positioned on this node; it cannot move above it. Dispose it.</summary>
    public TsTreeCursor Walk()
    {
        if (IsNull)
        {
            throw new InvalidOperationException("Cannot walk a null node.");
        }

        return new TsTreeCursor(Live(), _tree!);
    }

    /// <summary>The subtree as an S-expression of its named nodes, with field names, e.g. <c>(program (expression_statement (number)))</c>. Iterative: safe on any depth.</summary>
    public string ToSExpression() => TsWalk.ToSExpression(this);

    public bool Equals(TsNode other) => Raw.Id == other.Raw.Id && Raw.Tree == other.Raw.Tree;

    public override bool Equals(object? obj) => obj is TsNode other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Raw.Id, Raw.Tree);

    public static bool operator ==(TsNode left, TsNode right) => left.Equals(right);

    public static bool operator !=(TsNode left, TsNode right) => !left.Equals(right);

    public override string ToString() => IsNull ? "(null)" : $"({Type} [{StartPoint}]-[{EndPoint}])";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private NativeNode Live()
    {
        _tree!.ThrowIfDisposed();
        return Raw;
    }

    private TsNode Wrap(NativeNode raw) => new(raw, _tree!);
}
