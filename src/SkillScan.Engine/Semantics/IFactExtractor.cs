using SkillScan.Model;
using SkillScan.Syntax;

namespace SkillScan.Semantics;

/// <summary>Lowers one language's syntax tree into the shared fact model.</summary>
public interface IFactExtractor
{
    IReadOnlyCollection<Language> Languages { get; }

    DocumentFacts Extract(ParsedDocument parsed, FactContext context);
}

/// <summary>What an extractor may use and ask for while it works on one document.</summary>
public sealed class FactContext
{
    private readonly Action<SourceDocument> _addDerived;

    public FactContext(AnalysisLimits limits, Action<SourceDocument> addDerived, Action<ScanNotification> notify, CancellationToken cancellationToken)
    {
        Limits = limits;
        _addDerived = addDerived;
        Notify = notify;
        CancellationToken = cancellationToken;
    }

    public AnalysisLimits Limits { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Reports a limit hit or a problem with this document.</summary>
    public Action<ScanNotification> Notify { get; }

    /// <summary>
    /// Asks the pipeline to parse and analyse a derived document too (a SKILL.md code block, a decoded payload
    /// that is code). Depth and count are bounded by <see cref="AnalysisLimits"/>.
    /// </summary>
    public void AddDerived(SourceDocument document) => _addDerived(document);
}
