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

    private readonly Dictionary<Type, object> _shared = new();

    /// <summary>
    /// The skill's one <typeparamref name="T"/> that several rules read (the call index, the strings, the pinning
    /// issues), built from <paramref name="state"/> by the first rule that asks. A dictionary on the skill rather
    /// than a weak table keyed by it: rules ask for these on every run, and the weak table's lookup allocated a
    /// callback and a closure each time.
    /// </summary>
    public T Shared<T, TState>(TState state, Func<TState, T> build) where T : class
    {
        // Rules of one skill run on one thread; the lock keeps a stray second reader correct, and a builder may ask
        // for another shared structure (the strings read the call index) on the same thread.
        lock (_shared)
        {
            if (_shared.TryGetValue(typeof(T), out var found)) return (T)found;
            var built = build(state);
            _shared[typeof(T)] = built;
            return built;
        }
    }

    public void Dispose()
    {
        foreach (var d in Documents) d.Parsed.Dispose();
    }
}
