using System.Runtime.InteropServices;
using System.Text;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// A syntax tree produced by <see cref="TsParsers.Parse(TsLanguage, byte[], TimeSpan?, CancellationToken)"/>.
/// Owns the native TSTree: <see cref="Dispose"/> frees it exactly once (the finalizer of the underlying SafeHandle
/// frees a tree that was never disposed). Nodes of a disposed tree throw <see cref="ObjectDisposedException"/>.
/// A tree and its nodes are for one thread at a time.
/// </summary>
public sealed class TsTree : IDisposable
{
    private readonly TreeHandle _handle;
    private readonly NativeNode _root;

    internal TsTree(TsLanguage language, byte[] source, nint tree)
    {
        _handle = new TreeHandle(tree);
        Language = language;
        Source = source;
        Info = LanguageInfo.Get(language);
        _root = Native.ts_tree_root_node(tree);
    }

    public TsLanguage Language { get; }

    /// <summary>The UTF-8 bytes that were parsed (the caller's array, not a copy: do not modify it).</summary>
    public byte[] Source { get; }

    public TsNode Root
    {
        get
        {
            ThrowIfDisposed();
            return new TsNode(_root, this);
        }
    }

    public bool IsDisposed => _handle.IsClosed;

    internal LanguageInfo Info { get; }

    internal nint Ptr => _handle.DangerousGetHandle();

    /// <summary>The UTF-8 decoded source text of <paramref name="node"/> ([StartByte, EndByte)). Empty for a null node.</summary>
    public string GetText(TsNode node)
    {
        ReadOnlySpan<byte> bytes = GetBytes(node);
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The source bytes of <paramref name="node"/> ([StartByte, EndByte)), without copying.</summary>
    public ReadOnlySpan<byte> GetBytes(TsNode node)
    {
        if (node.IsNull)
        {
            return default;
        }

        if (!ReferenceEquals(node.TreeOrNull, this))
        {
            throw new ArgumentException("The node belongs to another tree.", nameof(node));
        }

        uint start = node.StartByte;
        uint end = node.EndByte;
        if (end > (uint)Source.Length || start > end)
        {
            return default;
        }

        return Source.AsSpan((int)start, (int)(end - start));
    }

    /// <summary>True when the node's source bytes equal the UTF-8 encoding of <paramref name="text"/> (no allocation for short text).</summary>
    public bool TextEquals(TsNode node, ReadOnlySpan<char> text)
    {
        ReadOnlySpan<byte> bytes = GetBytes(node);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 256)
        {
            Span<byte> buffer = stackalloc byte[max];
            int n = Encoding.UTF8.GetBytes(text, buffer);
            return bytes.SequenceEqual(buffer[..n]);
        }

        return bytes.SequenceEqual(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public void Dispose() => _handle.Dispose();

    internal void ThrowIfDisposed()
    {
        if (_handle.IsClosed)
        {
            ThrowDisposed();
        }
    }

    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(TsTree), "The tree-sitter tree was disposed; its nodes can no longer be used.");

    private sealed class TreeHandle : SafeHandle
    {
        public TreeHandle(nint tree)
            : base(0, ownsHandle: true) => SetHandle(tree);

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            Native.ts_tree_delete(handle);
            return true;
        }
    }
}
