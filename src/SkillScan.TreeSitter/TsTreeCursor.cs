using System.Runtime.InteropServices;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// A tree-sitter TSTreeCursor: walks a subtree with O(1) moves to parent/sibling/child. It cannot move above the node it
/// was created on. The native cursor lives in unmanaged memory owned by a SafeHandle: copies of this struct share it
/// (moving one copy moves them all), <see cref="Dispose"/> is idempotent, and an undisposed cursor is freed by the
/// finalizer. One thread at a time.
/// </summary>
public struct TsTreeCursor : IDisposable
{
    private readonly CursorHandle? _handle;
    private readonly TsTree? _tree;

    internal TsTreeCursor(NativeNode node, TsTree tree)
    {
        _tree = tree;
        _handle = CursorHandle.Create(node);
    }

    /// <summary>The node the cursor is on.</summary>
    public readonly unsafe TsNode Current => new(Native.ts_tree_cursor_current_node(Ptr()), _tree!);

    /// <summary>The field name of the current node within its parent, or null.</summary>
    public readonly unsafe string? FieldName
    {
        get
        {
            ushort id = Native.ts_tree_cursor_current_field_id(Ptr());
            return id == 0 ? null : _tree!.Info.FieldName(id);
        }
    }

    /// <summary>The field id of the current node within its parent, or 0.</summary>
    public readonly unsafe ushort FieldId => Native.ts_tree_cursor_current_field_id(Ptr());

    /// <summary>Depth of the current node below the node the cursor started on (0 there).</summary>
    public readonly unsafe int Depth => (int)Native.ts_tree_cursor_current_depth(Ptr());

    public readonly unsafe bool GotoFirstChild() => Native.ts_tree_cursor_goto_first_child(Ptr()) != 0;

    public readonly unsafe bool GotoLastChild() => Native.ts_tree_cursor_goto_last_child(Ptr()) != 0;

    public readonly unsafe bool GotoNextSibling() => Native.ts_tree_cursor_goto_next_sibling(Ptr()) != 0;

    public readonly unsafe bool GotoPreviousSibling() => Native.ts_tree_cursor_goto_previous_sibling(Ptr()) != 0;

    public readonly unsafe bool GotoParent() => Native.ts_tree_cursor_goto_parent(Ptr()) != 0;

    /// <summary>Re-roots the cursor on <paramref name="node"/> (a node of the same tree).</summary>
    public readonly unsafe void Reset(TsNode node)
    {
        if (node.IsNull || !ReferenceEquals(node.TreeOrNull, _tree))
        {
            throw new ArgumentException("The node is null or belongs to another tree.", nameof(node));
        }

        Native.ts_tree_cursor_reset(Ptr(), node.Raw);
    }

    /// <summary>
    /// Adds the named children of <paramref name="node"/> (a node of this cursor's tree) to <paramref name="into"/>,
    /// leaving the cursor on the last child. One native call for most nodes, where reading them with
    /// <see cref="GotoFirstChild"/>, <see cref="Current"/> and <see cref="GotoNextSibling"/> crosses into the library
    /// three times a child.
    /// </summary>
    public readonly unsafe void AddNamedChildren(TsNode node, List<TsNode> into)
    {
        if (node.IsNull || !ReferenceEquals(node.TreeOrNull, _tree))
        {
            throw new ArgumentException("The node is null or belongs to another tree.", nameof(node));
        }

        const int Small = 32;
        NativeNode* buffer = stackalloc NativeNode[Small];
        uint count = Native.skillscan_named_children(Ptr(), node.Raw, buffer, Small);
        NativeNode[]? large = null;
        if (count > Small)
        {
            large = new NativeNode[count];
            fixed (NativeNode* p = large)
            {
                count = Native.skillscan_named_children(Ptr(), node.Raw, p, (uint)large.Length);
            }
        }

        ReadOnlySpan<NativeNode> children = large ?? new ReadOnlySpan<NativeNode>(buffer, (int)count);
        foreach (NativeNode child in children) into.Add(new TsNode(child, _tree!));
    }

    public readonly void Dispose() => _handle?.Dispose();

    private readonly unsafe NativeTreeCursor* Ptr()
    {
        if (_handle is null)
        {
            throw new InvalidOperationException("default(TsTreeCursor) is not a cursor: use TsNode.Walk().");
        }

        if (_handle.IsClosed)
        {
            throw new ObjectDisposedException(nameof(TsTreeCursor));
        }

        _tree!.ThrowIfDisposed();
        return (NativeTreeCursor*)_handle.DangerousGetHandle();
    }

    internal sealed unsafe class CursorHandle : SafeHandle
    {
        private CursorHandle()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public NativeTreeCursor* Cursor => (NativeTreeCursor*)handle;

        // Safe-context wrappers for iterators (which cannot use pointers).
        public NativeNode CurrentNode() => Native.ts_tree_cursor_current_node(Cursor);

        public bool GotoFirstChild() => Native.ts_tree_cursor_goto_first_child(Cursor) != 0;

        public bool GotoNextSibling() => Native.ts_tree_cursor_goto_next_sibling(Cursor) != 0;

        public bool GotoParent() => Native.ts_tree_cursor_goto_parent(Cursor) != 0;

        public static CursorHandle Create(NativeNode node)
        {
            var h = new CursorHandle();
            var p = (NativeTreeCursor*)NativeMemory.Alloc((nuint)sizeof(NativeTreeCursor));
            *p = Native.ts_tree_cursor_new(node);
            h.SetHandle((nint)p);
            return h;
        }

        protected override bool ReleaseHandle()
        {
            var p = (NativeTreeCursor*)handle;
            Native.ts_tree_cursor_delete(p);
            NativeMemory.Free(p);
            return true;
        }
    }
}
