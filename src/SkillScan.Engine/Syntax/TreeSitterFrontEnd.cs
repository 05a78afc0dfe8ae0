using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Syntax;

/// <summary>JavaScript, TypeScript, TSX, Python and Bash through the native tree-sitter library.</summary>
public sealed class TreeSitterFrontEnd : IFrontEnd
{
    public IReadOnlyCollection<Language> Languages { get; } =
        [Language.JavaScript, Language.TypeScript, Language.Tsx, Language.Python, Language.Bash];

    public static TsLanguage ToTs(Language language) => language switch
    {
        Language.JavaScript => TsLanguage.JavaScript,
        Language.TypeScript => TsLanguage.TypeScript,
        Language.Tsx => TsLanguage.Tsx,
        Language.Python => TsLanguage.Python,
        Language.Bash => TsLanguage.Bash,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no tree-sitter grammar"),
    };

    /// <summary>Re-parses allowed for one document when repairing bash line joins (each pass repairs every join it sees).</summary>
    private const int MaxRepairPasses = 4;

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        var language = ToTs(document.Language);
        var bytes = document.Utf8.Bytes;
        var tree = TsParsers.Parse(language, bytes, limits.ParseTimeout, cancellationToken);
        // The join needs a pipeline of three stages, so text with fewer than two '|' is not walked for it.
        var mayJoin = language == TsLanguage.Bash && bytes.AsSpan().Count((byte)'|') >= 2;
        for (var pass = 0; mayJoin && pass < MaxRepairPasses; pass++)
        {
            var joins = JoinedLines(tree.Root, bytes);
            if (joins.Count == 0) break;
            if (ReferenceEquals(bytes, document.Utf8.Bytes)) bytes = (byte[])bytes.Clone();
            foreach (var offset in joins) bytes[offset] = (byte)';';
            var repaired = TsParsers.Parse(language, bytes, limits.ParseTimeout, cancellationToken);
            tree.Dispose();
            tree = repaired;
        }
        return new ParsedDocument(document) { TreeSitter = tree, HasErrors = tree.Root.HasError };
    }

    /// <summary>
    /// tree-sitter-bash 0.25.1 joins lines after a pipeline of three or more stages when a later line has a
    /// redirection: `a | b | sh⏎echo ok⏎echo x > f` parses as the command `sh echo ok echo x > f`, so the piped stage
    /// seems to take arguments and its stdin no longer counts as the code it runs (an evasion: append any line with
    /// a redirection). A command whose words sit on different lines with no `\` continuation between them is such a
    /// join; the byte offsets of those newlines are returned, to be replaced by `;` (same length: every offset in the
    /// document still holds) and the text parsed again.
    /// </summary>
    private static List<int> JoinedLines(TsNode root, byte[] bytes)
    {
        var offsets = new List<int>();
        foreach (var node in TsWalk.PreOrderNamed(root))
        {
            if (node.Type != "command" || node.StartPoint.Row == node.EndPoint.Row) continue;
            var previous = default(TsNode);
            foreach (var child in node.Children)
            {
                if (!previous.IsNull && child.StartByte > previous.EndByte && UnescapedNewline(bytes, (int)previous.EndByte, (int)child.StartByte) is int at)
                {
                    offsets.Add(at);
                }
                previous = child;
            }
        }
        return offsets;
    }

    /// <summary>The first newline in [start, end) that is not a `\` line continuation, if the gap is only blanks.</summary>
    private static int? UnescapedNewline(byte[] bytes, int start, int end)
    {
        for (var i = start; i < end && i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n')
            {
                var continued = i > 0 && bytes[i - 1] == (byte)'\\' || i > 1 && bytes[i - 1] == (byte)'\r' && bytes[i - 2] == (byte)'\\';
                if (!continued) return i;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\\'))
            {
                return null; // something other than blanks between the words (a comment, say): not a plain join
            }
        }
        return null;
    }
}
