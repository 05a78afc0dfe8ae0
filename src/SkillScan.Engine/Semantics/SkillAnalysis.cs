using SkillScan.Model;
using SkillScan.Syntax;

namespace SkillScan.Semantics;

/// <summary>A parsed document and its facts.</summary>
public sealed class DocumentAnalysis
{
    public DocumentAnalysis(ParsedDocument parsed, DocumentFacts facts)
    {
        Parsed = parsed;
        Facts = facts;
    }

    public ParsedDocument Parsed { get; }

    public SourceDocument Document => Parsed.Document;

    public DocumentFacts Facts { get; }
}

/// <summary>What the Syntax and Semantics stages produced for one skill; the input of the Rules stage.</summary>
public sealed class SkillAnalysis : IDisposable
{
    public SkillAnalysis(Skill skill)
    {
        Skill = skill;
    }

    public Skill Skill { get; }

    /// <summary>Every document: files, then the virtual documents found in them (code blocks, decoded payloads).</summary>
    public List<DocumentAnalysis> Documents { get; } = new();

    /// <summary>Files that were not parsed as code (binaries, data, manifests): rules that look at bytes or manifests read these.</summary>
    public IReadOnlyList<SkillFile> Files => Skill.Files;

    public List<ScanNotification> Notifications { get; } = new();

    public IEnumerable<CallFact> AllCalls => Documents.SelectMany(d => d.Facts.Calls);

    public void Dispose()
    {
        foreach (var d in Documents) d.Parsed.Dispose();
    }
}
