using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Syntax;

/// <summary>
/// A document with its syntax tree: a tree-sitter tree (JS/TS/Python/Bash), a Roslyn tree (C#) or a Markdown
/// document (SKILL.md). Owns the native tree: dispose it when the skill is done.
/// </summary>
public sealed class ParsedDocument : IDisposable
{
    public ParsedDocument(SourceDocument document)
    {
        Document = document;
    }

    public SourceDocument Document { get; }

    public TsTree? TreeSitter { get; init; }

    public Microsoft.CodeAnalysis.SyntaxTree? Roslyn { get; init; }

    public Markdig.Syntax.MarkdownDocument? Markdown { get; init; }

    /// <summary>The tree has syntax errors; it is still a (partial) tree and is analysed.</summary>
    public bool HasErrors { get; init; }

    public void Dispose() => TreeSitter?.Dispose();
}

/// <summary>
/// A front end refused a document because it is over a limit (nesting, size, time). Reported as a notification
/// with <see cref="NotificationId"/>, never as a parse failure: the input is hostile or huge, not the parser broken.
/// </summary>
public sealed class InputLimitException(string notificationId, string message) : Exception(message)
{
    public string NotificationId { get; } = notificationId;
}

/// <summary>One front end per language family: turns a document into a syntax tree.</summary>
public interface IFrontEnd
{
    IReadOnlyCollection<Language> Languages { get; }

    ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken);
}

/// <summary>Budgets that keep hostile input from hanging or exhausting a scan. Defaults documented in docs/reliability.md.</summary>
public sealed record AnalysisLimits
{
    public static readonly AnalysisLimits Default = new();

    /// <summary>Files larger than this are skipped with a notification.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Wall time one document may spend in a parser.</summary>
    public TimeSpan ParseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall time one skill may spend in analysis (semantics + rules).</summary>
    public TimeSpan SkillTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many levels of decoded/embedded documents are re-parsed.</summary>
    public int MaxDocumentDepth { get; init; } = 4;

    /// <summary>Largest decoded payload that is re-parsed.</summary>
    public int MaxDecodedChars { get; init; } = 1024 * 1024;

    /// <summary>Most virtual documents (code blocks, decoded payloads) per file.</summary>
    public int MaxDerivedDocumentsPerFile { get; init; } = 2000;

    /// <summary>Most files a skill may hold before the rest are skipped.</summary>
    public int MaxFilesPerSkill { get; init; } = 20000;

    /// <summary>
    /// Syntax nodes a skill's parsed documents may hold in all (tree-sitter nodes; a C# document counts half its
    /// length). Memory follows nodes (100-170 bytes each in the tree, 200-600 with facts and rules): 5 MB of `f`
    /// lines is 7.8 million nodes and took 3.2 GB. Documents over the budget are not analysed (`syntax-node-limit`).
    /// </summary>
    public long MaxSyntaxNodesPerSkill { get; init; } = 2_000_000;

    /// <summary>Most findings one rule reports in one file at one severity (counted apart on suppressed lines).</summary>
    public int MaxFindingsPerRuleAndFile { get; init; } = 1000;
}
