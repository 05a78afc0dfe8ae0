using System.Text;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// Tree traversals. All of them are iterative (a native tree cursor, no recursion), so they handle trees of any depth
/// (hostile input nests 100,000s of levels) without a stack overflow.
/// </summary>
public static class TsWalk
{
    /// <summary>Every node of the subtree (named and anonymous), parent before children, children in source order.</summary>
    public static IEnumerable<TsNode> PreOrder(TsNode root) => root.IsNull ? [] : PreOrderIterator(root, namedOnly: false);

    /// <summary>The named nodes of the subtree in pre-order.</summary>
    public static IEnumerable<TsNode> PreOrderNamed(TsNode root) => root.IsNull ? [] : PreOrderIterator(root, namedOnly: true);

    /// <summary>Every node with its depth below <paramref name="root"/> (0 for root), in pre-order.</summary>
    public static IEnumerable<(TsNode Node, int Depth)> PreOrderWithDepth(TsNode root) =>
        root.IsNull ? [] : PreOrderWithDepthIterator(root);

    /// <summary>The depth of the deepest node below <paramref name="root"/> (0 for a leaf). Iterative; O(nodes).</summary>
    public static int MaxDepth(TsNode root)
    {
        if (root.IsNull)
        {
            return 0;
        }

        TsTree tree = root.Tree;
        tree.ThrowIfDisposed();
        using TsTreeCursor.CursorHandle handle = TsTreeCursor.CursorHandle.Create(root.Raw);
        int depth = 0, max = 0;
        while (true)
        {
            if (handle.GotoFirstChild())
            {
                depth++;
                max = Math.Max(max, depth);
                continue;
            }

            while (!handle.GotoNextSibling())
            {
                if (!handle.GotoParent())
                {
                    return max;
                }

                depth--;
            }
        }
    }

    private static IEnumerable<TsNode> PreOrderIterator(TsNode root, bool namedOnly)
    {
        TsTree tree = root.Tree;
        using TsTreeCursor.CursorHandle handle = TsTreeCursor.CursorHandle.Create(root.Raw);
        while (true)
        {
            tree.ThrowIfDisposed();
            NativeNode current = handle.CurrentNode();
            if (!namedOnly || Native.ts_node_is_named(current) != 0)
            {
                yield return new TsNode(current, tree);
                tree.ThrowIfDisposed();
            }

            if (handle.GotoFirstChild())
            {
                continue;
            }

            while (!handle.GotoNextSibling())
            {
                if (!handle.GotoParent())
                {
                    yield break;
                }
            }
        }
    }

    private static IEnumerable<(TsNode Node, int Depth)> PreOrderWithDepthIterator(TsNode root)
    {
        TsTree tree = root.Tree;
        using TsTreeCursor.CursorHandle handle = TsTreeCursor.CursorHandle.Create(root.Raw);
        int depth = 0;
        while (true)
        {
            tree.ThrowIfDisposed();
            yield return (new TsNode(handle.CurrentNode(), tree), depth);
            tree.ThrowIfDisposed();

            if (handle.GotoFirstChild())
            {
                depth++;
                continue;
            }

            while (!handle.GotoNextSibling())
            {
                if (!handle.GotoParent())
                {
                    yield break;
                }

                depth--;
            }
        }
    }

    internal static IEnumerable<TsNode> Children(TsNode parent, bool namedOnly)
    {
        TsTree tree = parent.Tree;
        using TsTreeCursor.CursorHandle handle = TsTreeCursor.CursorHandle.Create(parent.Raw);
        tree.ThrowIfDisposed();
        if (!handle.GotoFirstChild())
        {
            yield break;
        }

        do
        {
            tree.ThrowIfDisposed();
            NativeNode current = handle.CurrentNode();
            if (!namedOnly || Native.ts_node_is_named(current) != 0)
            {
                yield return new TsNode(current, tree);
            }

            tree.ThrowIfDisposed();
        }
        while (handle.GotoNextSibling());
    }

    internal static unsafe string ToSExpression(TsNode root)
    {
        if (root.IsNull)
        {
            return "(null)";
        }

        TsTree tree = root.Tree;
        tree.ThrowIfDisposed();
        LanguageInfo info = tree.Info;
        var sb = new StringBuilder();
        var opened = new Stack<bool>();
        using TsTreeCursor.CursorHandle handle = TsTreeCursor.CursorHandle.Create(root.Raw);
        NativeTreeCursor* c = handle.Cursor;

        void Enter(bool isRoot)
        {
            NativeNode n = Native.ts_tree_cursor_current_node(c);
            bool named = Native.ts_node_is_named(n) != 0;
            bool missing = Native.ts_node_is_missing(n) != 0;
            bool open = named || missing || isRoot;
            if (open)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                string? field = isRoot ? null : info.FieldName(Native.ts_tree_cursor_current_field_id(c));
                if (field is not null)
                {
                    sb.Append(field).Append(": ");
                }

                string type = info.SymbolName(Native.ts_node_symbol(n));
                sb.Append('(');
                if (missing)
                {
                    sb.Append("MISSING ");
                    sb.Append(named ? type : "\"" + type + "\"");
                }
                else
                {
                    sb.Append(type);
                }
            }

            opened.Push(open);
        }

        void Exit()
        {
            if (opened.Pop())
            {
                sb.Append(')');
            }
        }

        Enter(isRoot: true);
        while (true)
        {
            if (Native.ts_tree_cursor_goto_first_child(c) != 0)
            {
                Enter(isRoot: false);
                continue;
            }

            Exit();
            while (Native.ts_tree_cursor_goto_next_sibling(c) == 0)
            {
                if (Native.ts_tree_cursor_goto_parent(c) == 0)
                {
                    return sb.ToString();
                }

                Exit();
            }

            Enter(isRoot: false);
        }
    }
}
