using SkillScan.Model;
using SkillScan.Syntax;

namespace SkillScan.Semantics.Shell;

/// <summary>
/// Shell scripts (bash, sh, zsh) → facts: every simple command (and every command a wrapper runs) is a CallFact
/// with its catalog capabilities, folded arguments, flags and stdin; redirections become redirect-write /
/// redirect-read / /dev/tcp calls; code held in strings, here-documents and decoded payloads becomes derived
/// documents. Command semantics are in <see cref="ShellAnalyzer"/>; what each command may do is rules/catalogs/bash.yaml.
/// </summary>
public sealed class ShellFactExtractor : IFactExtractor
{
    private readonly CapabilityCatalog? _catalog;
    private readonly SensitivePaths? _paths;

    public ShellFactExtractor()
    {
    }

    /// <summary>With another catalog or sensitive-path list (tests, catalogs loaded from disk).</summary>
    public ShellFactExtractor(CapabilityCatalog catalog, SensitivePaths paths)
    {
        _catalog = catalog;
        _paths = paths;
    }

    public IReadOnlyCollection<Language> Languages { get; } = [Language.Bash];

    public DocumentFacts Extract(ParsedDocument parsed, FactContext context)
    {
        if (parsed.TreeSitter is not { } tree) return DocumentFacts.Empty;
        var analyzer = new ShellAnalyzer(parsed.Document, tree.Source, _catalog ?? BuiltinCatalogs.For(Language.Bash),
            _paths ?? BuiltinCatalogs.SensitivePaths, context);
        return analyzer.Run(tree.Root);
    }
}
